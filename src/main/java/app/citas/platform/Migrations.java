package app.citas.platform;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import javax.sql.DataSource;
import liquibase.Scope;
import liquibase.command.CommandScope;
import liquibase.command.core.UpdateCommandStep;
import liquibase.command.core.helpers.DbUrlConnectionArgumentsCommandStep;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.resource.ClassLoaderResourceAccessor;
import liquibase.ui.LoggerUIService;

/** Applies the Liquibase changelog, which owns the schema; Hibernate never generates DDL. */
public final class Migrations {
    public static final String CHANGELOG = "db/changelog/db.changelog-master.xml";

    private Migrations() {
    }

    static void apply(DataSource dataSource, boolean enabled) {
        if (!enabled) {
            return;
        }
        // Liquibase keeps its scope in an inheritable ThreadLocal: run it on a throw-away thread so Tomcat's
        // request threads never inherit it (and the webapp class loader is not pinned after undeploy).
        RuntimeException[] failure = new RuntimeException[1];
        Thread migrator = new Thread(() -> {
            try {
                applyNow(dataSource);
            } catch (RuntimeException e) {
                failure[0] = e;
            }
        }, "citas-migrations");
        migrator.start();
        try {
            migrator.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while migrating the database", e);
        }
        if (failure[0] != null) {
            throw failure[0];
        }
    }

    private static void applyNow(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection()) {
            update(connection);
            if (!connection.getAutoCommit()) {
                connection.commit();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Database migration failed: " + e.getMessage(), e);
        }
    }

    /** Runs every pending changeset on this connection. */
    public static void update(Connection connection) {
        try {
            // LoggerUIService: Liquibase's progress goes to the log, not to the console of whoever runs us.
            Scope.child(Map.of(Scope.Attr.resourceAccessor.name(),
                    new ClassLoaderResourceAccessor(Migrations.class.getClassLoader()),
                    Scope.Attr.ui.name(), new LoggerUIService()), () -> {
                Database database = DatabaseFactory.getInstance()
                        .findCorrectDatabaseImplementation(new JdbcConnection(connection));
                new CommandScope(UpdateCommandStep.COMMAND_NAME)
                        .addArgumentValue(DbUrlConnectionArgumentsCommandStep.DATABASE_ARG, database)
                        .addArgumentValue(UpdateCommandStep.CHANGELOG_FILE_ARG, CHANGELOG)
                        .execute();
            });
        } catch (Exception e) {
            throw new IllegalStateException("Database migration failed: " + e.getMessage(), e);
        }
    }
}
