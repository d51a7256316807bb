package app.citas.tools;

import app.citas.platform.DatabaseSettings;
import app.citas.platform.Migrations;
import app.citas.platform.SettingsReader;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The schema from the command line (scripts/deploy.sh and scripts/rollback.sh), with the service's own
 * configuration (CITAS_DB_URL, CITAS_DB_USER, CITAS_DB_PASSWORD):
 *
 * <pre>
 *   update                 apply pending changesets; print the release tags now applied
 *   tags                   print the release tags applied, oldest first
 *   rollback-sql [TAG]     print the SQL that rolling back to TAG (default: the previous tag) would run
 *   rollback [TAG]         roll back to TAG (default: the previous tag)
 * </pre>
 */
public final class Migrate {
    /** Held so the level sticks (java.util.logging keeps loggers weakly): Liquibase's progress is noise here. */
    private final Logger liquibaseLog = Logger.getLogger("liquibase");

    private Migrate() {
        liquibaseLog.setLevel(Level.WARNING);
    }

    public static void main(String[] args) {
        if (args.length == 0 || args.length > 2) {
            usage();
        }
        Migrate quiet = new Migrate();
        DatabaseSettings settings = SettingsReader.read(SettingsReader.environment(), DatabaseSettings::read);
        try (Connection connection = DriverManager.getConnection(settings.url(), settings.user(), settings.password())) {
            connection.setAutoCommit(false);
            quiet.run(connection, args[0], args.length == 2 ? args[1] : null);
            connection.commit();
        } catch (SQLException | IllegalStateException e) {
            System.err.println("migrate: " + e.getMessage());
            System.exit(1);
        }
    }

    private void run(Connection connection, String command, String tagArgument) throws SQLException {
        switch (command) {
            case "update" -> {
                Migrations.update(connection);
                connection.commit();
                System.out.println("Schema up to date; release tags applied: " + Migrations.appliedTags(connection));
            }
            case "tags" -> Migrations.appliedTags(connection).forEach(System.out::println);
            case "rollback-sql" -> {
                ByteArrayOutputStream sql = new ByteArrayOutputStream();
                Migrations.rollbackSql(connection, target(connection, tagArgument), sql);
                System.out.print(sql.toString(StandardCharsets.UTF_8));
            }
            case "rollback" -> {
                String tag = target(connection, tagArgument);
                Migrations.rollback(connection, tag);
                System.out.println("Rolled the schema back to release tag " + tag);
            }
            default -> usage();
        }
    }

    /** The tag to roll back to: the one given, else the one before the newest applied tag. */
    private static String target(Connection connection, String given) throws SQLException {
        List<String> tags = Migrations.appliedTags(connection);
        if (given != null) {
            if (!tags.contains(given)) {
                throw new IllegalStateException("release tag " + given + " is not applied here; applied: " + tags);
            }
            return given;
        }
        if (tags.size() < 2) {
            throw new IllegalStateException("no previous release tag to roll back to; applied: " + tags);
        }
        return tags.get(tags.size() - 2);
    }

    private static void usage() {
        System.err.println("usage: migrate update | tags | rollback-sql [TAG] | rollback [TAG]");
        System.exit(2);
    }
}
