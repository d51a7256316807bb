package app.citas.tools;

import app.citas.Entities;
import app.citas.account.AccountSettings;
import app.citas.account.Role;
import app.citas.account.OperatorAccounts;
import app.citas.platform.ApiException;
import app.citas.platform.Database;
import app.citas.platform.DatabaseSettings;
import app.citas.platform.Migrations;
import app.citas.platform.SettingsReader;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Operator command behind scripts/create-user.sh: {@code [--staff] [--name "Full Name"] USERNAME EMAIL}, the
 * password on standard input. The only way to create staff accounts.
 */
public final class CreateUser {
    private CreateUser() {
    }

    public static void main(String[] args) throws IOException {
        Logger.getLogger("").setLevel(Level.WARNING);
        Arguments arguments = Arguments.parse(args);
        if (arguments == null) {
            System.err.println("usage: create-user.sh [--staff] [--name \"Full Name\"] USERNAME EMAIL  (password on stdin)");
            System.exit(2);
        }
        DatabaseSettings databaseSettings;
        AccountSettings accountSettings;
        try {
            databaseSettings = SettingsReader.read(SettingsReader.environment(), DatabaseSettings::read);
            accountSettings = SettingsReader.read(SettingsReader.environment(), AccountSettings::read);
        } catch (IllegalStateException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        String password = readPassword();
        try (Database database = Database.open(databaseSettings, Entities.all())) {
            requireMigrated(database, databaseSettings);
            long id = new OperatorAccounts(database.sessionFactory(), accountSettings, Clock.systemUTC())
                    .create(arguments.username(), arguments.email(), arguments.fullName(), password, arguments.role());
            System.out.println("Created " + arguments.role() + " user " + arguments.username() + " (id " + id + ")");
        } catch (ApiException e) {
            System.err.println("Not created: " + e.getMessage() + describe(e));
            System.exit(1);
        } catch (NotMigrated e) {
            System.err.println("Not created: " + e.getMessage());
            System.exit(1);
        } catch (RuntimeException e) {
            System.err.println("Not created: " + OneLine.of(e, "the database at " + databaseSettings.safeUrl()));
            System.exit(1);
        }
    }

    /** The command never migrates: a schema that is behind this build is the deployment's business, not its. */
    private static void requireMigrated(Database database, DatabaseSettings settings) {
        try (Connection connection = database.dataSource().getConnection()) {
            List<String> pending = Migrations.pendingChangeSets(connection);
            if (!pending.isEmpty()) {
                throw new NotMigrated("the database at " + settings.safeUrl() + " is not migrated (" + pending.size()
                        + " changesets pending, first " + pending.get(0) + "): run scripts/migrate.sh update, or "
                        + "deploy the service with CITAS_DB_MIGRATE=true");
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    private static final class NotMigrated extends RuntimeException {
        NotMigrated(String message) {
            super(message, null, false, false);
        }
    }

    private static String describe(ApiException e) {
        var errors = e.problem().errors();
        return errors == null ? "" : " " + errors.stream().map(f -> f.field() + " " + f.message()).toList();
    }

    private static String readPassword() throws IOException {
        Console console = System.console();
        if (console != null) {
            char[] typed = console.readPassword("Password: ");
            return typed == null ? "" : new String(typed);
        }
        String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        return line == null ? "" : line;
    }

    private record Arguments(Role role, String fullName, String username, String email) {
        static Arguments parse(String[] args) {
            Role role = Role.USER;
            String fullName = null;
            List<String> positional = new ArrayList<>();
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--staff" -> role = Role.STAFF;
                    case "--name" -> {
                        if (++i >= args.length) {
                            return null;
                        }
                        fullName = args[i];
                    }
                    default -> positional.add(args[i]);
                }
            }
            if (positional.size() != 2) {
                return null;
            }
            return new Arguments(role, fullName == null ? positional.get(0) : fullName, positional.get(0),
                    positional.get(1));
        }
    }
}
