package app.citas.platform;

import java.io.OutputStream;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import liquibase.Scope;
import liquibase.UpdateSummaryOutputEnum;
import liquibase.command.CommandScope;
import liquibase.command.core.RollbackCommandStep;
import liquibase.command.core.RollbackSqlCommandStep;
import liquibase.command.core.UpdateCommandStep;
import liquibase.command.core.UpdateToTagCommandStep;
import liquibase.command.core.helpers.DatabaseChangelogCommandStep;
import liquibase.command.core.helpers.ShowSummaryArgument;
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

    /** Applies every pending changeset through a pooled connection (at deployment, when CITAS_DB_MIGRATE is on). */
    public static void apply(DataSource dataSource) {
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
        update(connection, CHANGELOG);
    }

    /** Runs every pending changeset of the given changelog (a classpath resource) on this connection. */
    public static void update(Connection connection, String changelog) {
        run(connection, "Database migration failed", database -> new CommandScope(UpdateCommandStep.COMMAND_NAME)
                .addArgumentValue(DbUrlConnectionArgumentsCommandStep.DATABASE_ARG, database)
                .addArgumentValue(UpdateCommandStep.CHANGELOG_FILE_ARG, changelog)
                // The update summary goes to the log too, never to standard output.
                .addArgumentValue(ShowSummaryArgument.SHOW_SUMMARY_OUTPUT, UpdateSummaryOutputEnum.LOG)
                .execute());
    }

    /** Writes the SQL that rolling back to the tag would run, without running it. */
    public static void rollbackSql(Connection connection, String tag, OutputStream sql) {
        rollbackSql(connection, CHANGELOG, tag, sql);
    }

    public static void rollbackSql(Connection connection, String changelog, String tag, OutputStream sql) {
        run(connection, "Cannot write the rollback SQL", database -> new CommandScope(RollbackSqlCommandStep.COMMAND_NAME)
                .addArgumentValue(DbUrlConnectionArgumentsCommandStep.DATABASE_ARG, database)
                .addArgumentValue(DatabaseChangelogCommandStep.CHANGELOG_FILE_ARG, changelog)
                .addArgumentValue(RollbackCommandStep.TAG_ARG, tag)
                .setOutput(sql)
                .execute());
    }

    /** Rolls back every changeset applied after the tag (each changeset carries its rollback). */
    public static void rollback(Connection connection, String tag) {
        rollback(connection, CHANGELOG, tag);
    }

    public static void rollback(Connection connection, String changelog, String tag) {
        run(connection, "Database rollback failed", database -> {
            new CommandScope(RollbackCommandStep.COMMAND_NAME)
                    .addArgumentValue(DbUrlConnectionArgumentsCommandStep.DATABASE_ARG, database)
                    .addArgumentValue(DatabaseChangelogCommandStep.CHANGELOG_FILE_ARG, changelog)
                    .addArgumentValue(RollbackCommandStep.TAG_ARG, tag)
                    .execute();
            // Liquibase 4.33 also undoes the tagDatabase changeset that set the tag, leaving the schema of the tag
            // but no tag: the next rollback would have nothing to aim at. Re-applying up to the tag sets it again.
            new CommandScope(UpdateToTagCommandStep.COMMAND_NAME)
                    .addArgumentValue(DbUrlConnectionArgumentsCommandStep.DATABASE_ARG, database)
                    .addArgumentValue(UpdateToTagCommandStep.CHANGELOG_FILE_ARG, changelog)
                    .addArgumentValue(UpdateToTagCommandStep.TAG_ARG, tag)
                    .addArgumentValue(ShowSummaryArgument.SHOW_SUMMARY_OUTPUT, UpdateSummaryOutputEnum.LOG)
                    .execute();
        });
    }

    /**
     * The changesets of this build's changelog not yet applied to the database, as {@code id::author}, read without
     * changing anything (no lock table is created): operator commands refuse to work on a schema that is behind.
     */
    public static List<String> pendingChangeSets(Connection connection) throws SQLException {
        java.util.Set<String> applied = new java.util.HashSet<>();
        try (Statement statement = connection.createStatement()) {
            if (statement.executeQuery("select 1 from information_schema.tables where table_name = 'databasechangelog'"
                    + " and table_schema = current_schema()").next()) {
                ResultSet rows = statement.executeQuery("select id, author from databasechangelog");
                while (rows.next()) {
                    applied.add(rows.getString(1) + "::" + rows.getString(2));
                }
            }
        }
        return changeSets().stream().filter(id -> !applied.contains(id)).toList();
    }

    /** Every changeset of the changelog this build carries, as {@code id::author}, in order. */
    static List<String> changeSets() {
        try {
            return Scope.child(Map.of(Scope.Attr.resourceAccessor.name(),
                    new ClassLoaderResourceAccessor(Migrations.class.getClassLoader())), () -> {
                var accessor = Scope.getCurrentScope().getResourceAccessor();
                var changelog = liquibase.parser.ChangeLogParserFactory.getInstance().getParser(CHANGELOG, accessor)
                        .parse(CHANGELOG, new liquibase.changelog.ChangeLogParameters(), accessor);
                return changelog.getChangeSets().stream().map(c -> c.getId() + "::" + c.getAuthor()).toList();
            });
        } catch (Exception e) {
            throw new IllegalStateException("Cannot read the changelog " + CHANGELOG + ": " + e.getMessage(), e);
        }
    }

    /** The release tags applied to this database, oldest first (empty before the first migration). */
    public static List<String> appliedTags(Connection connection) throws SQLException {
        List<String> tags = new ArrayList<>();
        try (Statement statement = connection.createStatement()) {
            if (!statement.executeQuery("select 1 from information_schema.tables where table_name = 'databasechangelog'"
                    + " and table_schema = current_schema()").next()) {
                return tags;
            }
            ResultSet rows = statement.executeQuery(
                    "select tag from databasechangelog where tag is not null order by orderexecuted");
            while (rows.next()) {
                tags.add(rows.getString(1));
            }
        }
        return tags;
    }

    private interface LiquibaseCall {
        void run(Database database) throws Exception;
    }

    private static void run(Connection connection, String failure, LiquibaseCall call) {
        try {
            // LoggerUIService: Liquibase's progress goes to the log, not to the console of whoever runs us.
            Scope.child(Map.of(Scope.Attr.resourceAccessor.name(),
                    new ClassLoaderResourceAccessor(Migrations.class.getClassLoader()),
                    Scope.Attr.ui.name(), new LoggerUIService()), () -> call.run(DatabaseFactory.getInstance()
                    .findCorrectDatabaseImplementation(new JdbcConnection(connection))));
        } catch (Exception e) {
            throw new IllegalStateException(failure + ": " + e.getMessage(), e);
        }
    }
}
