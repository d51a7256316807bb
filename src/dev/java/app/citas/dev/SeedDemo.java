package app.citas.dev;

import app.citas.account.AccountModule;
import app.citas.platform.DatabaseSettings;
import app.citas.platform.SettingsReader;
import app.citas.platform.Migrations;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * scripts/seed-demo.sh {@code [--reset] [--today YYYY-MM-DD]}: applies the migrations, then fills the database named
 * by CITAS_DB_URL / CITAS_DB_USER / CITAS_DB_PASSWORD with the benchmark's demo data set (seed/demo.sql) in one
 * transaction, VACUUMs and ANALYZEs, and prints a summary with the demo credentials. The rows depend only on
 * "today" (by default the date in Europe/Madrid). Refuses when catalog or appointment data exists, unless --reset,
 * which first empties every application table (never Liquibase's).
 */
public final class SeedDemo {
    public static final int USERS = 2000;
    public static final int STAFF = 5;
    public static final int APPOINTMENTS = 100_000;
    public static final String USER_PASSWORD = "demo-user-password";
    public static final String STAFF_PASSWORD = "demo-staff-password";
    public static final ZoneId ZONE = ZoneId.of("Europe/Madrid");
    private static final Duration ALL_VISIBLE_WAIT = Duration.ofSeconds(20);
    /** Every table of the application; the Liquibase tables (databasechangelog*) are not among them. */
    public static final List<String> APP_TABLES = List.of("users", "api_tokens", "categories", "services",
            "resources", "resource_services", "appointments", "idempotency_keys");
    private static final String SCRIPT = "seed/demo.sql";
    private static final String STEP = "-- step:";

    private SeedDemo() {
    }

    /** Thrown, before anything is changed, when the database already holds data and --reset was not given. */
    public static final class Refused extends Exception {
        Refused(String message) {
            super(message);
        }
    }

    /** What a run did: seconds per step (migrations, each SQL step, commit, vacuum) and the final counts. */
    public record Result(Map<String, Double> seconds, Map<String, Long> counts) {
        public double seedingSeconds() {
            return seconds.entrySet().stream().filter(e -> !e.getKey().equals("migrations"))
                    .mapToDouble(Map.Entry::getValue).sum();
        }
    }

    public static void main(String[] args) {
        Logger.getLogger("").setLevel(Level.WARNING);
        // Liquibase's update summary to the (silenced) log, not to the operator's console.
        System.setProperty("liquibase.command.showSummaryOutput", "LOG");
        boolean reset = false;
        LocalDate today = LocalDate.now(ZONE);
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--reset" -> reset = true;
                    case "--today" -> today = LocalDate.parse(args[++i]);
                    default -> throw new IllegalArgumentException(args[i]);
                }
            }
        } catch (IllegalArgumentException | ArrayIndexOutOfBoundsException | DateTimeParseException e) {
            System.err.println("usage: seed-demo.sh [--reset] [--today YYYY-MM-DD]");
            System.exit(2);
        }
        DatabaseSettings settings;
        try {
            settings = SettingsReader.read(SettingsReader.environment(), DatabaseSettings::read);
        } catch (IllegalStateException e) {
            System.err.println(e.getMessage());
            System.exit(1);
            return;
        }
        try {
            System.out.println("Seeding the demo data set into " + settings.url() + " (today = " + today + ")"
                    + (reset ? ", deleting all application data first" : ""));
            try (Connection connection = DriverManager.getConnection(settings.url(), settings.user(),
                    settings.password())) {
                Result result = seed(connection, reset, today);
                printSummary(result, today);
            }
        } catch (Refused e) {
            System.err.println(e.getMessage());
            System.exit(1);
        } catch (IllegalStateException | SQLException e) {
            System.err.println("Seeding failed, no demo data was committed: " + e.getMessage());
            System.exit(1);
        }
    }

    /**
     * Applies the migrations, then (with {@code reset}, after emptying every application table) inserts the data set
     * in one transaction, and VACUUMs and ANALYZEs the tables, as autovacuum would have some minutes later: until a
     * vacuum sets the visibility map, an index-only scan visits the heap for every entry (EXPLAIN of the staff
     * list's bounded count right after a seed: 1,001 heap fetches; after the vacuum, none), so a benchmark would
     * measure the list slower or faster depending on whether autovacuum had run yet. The connection is left in
     * auto-commit mode.
     */
    public static Result seed(Connection connection, boolean reset, LocalDate today) throws SQLException, Refused {
        Map<String, Double> seconds = new LinkedHashMap<>();
        long start = System.nanoTime();
        connection.setAutoCommit(true);
        Migrations.update(connection);
        seconds.put("migrations", since(start));

        start = System.nanoTime();
        // One hash per password, with a fixed salt, reused for every row: hashing 2,005 times would take minutes
        // and random salts would make each run's rows differ.
        String userHash = AccountModule.demoPasswordHash(USER_PASSWORD);
        String staffHash = AccountModule.demoPasswordHash(STAFF_PASSWORD);
        seconds.put("password hashes", since(start));

        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET LOCAL statement_timeout = 0");
            start = System.nanoTime();
            if (reset) {
                statement.execute("TRUNCATE " + String.join(", ", APP_TABLES) + " RESTART IDENTITY CASCADE");
                seconds.put("reset", since(start));
            } else {
                refuseIfSeeded(statement);
            }
            statement.execute("CREATE TEMPORARY TABLE seed_params (today date NOT NULL, user_hash text NOT NULL,"
                    + " staff_hash text NOT NULL) ON COMMIT DROP");
            try (PreparedStatement params = connection.prepareStatement("INSERT INTO seed_params VALUES (?, ?, ?)")) {
                params.setObject(1, today);
                params.setString(2, userHash);
                params.setString(3, staffHash);
                params.executeUpdate();
            }
            for (Map.Entry<String, String> step : steps().entrySet()) {
                start = System.nanoTime();
                statement.execute(step.getValue());
                seconds.put(step.getKey(), since(start));
            }
            long appointments = count(statement, "SELECT count(*) FROM appointments");
            if (appointments != APPOINTMENTS) {
                throw new IllegalStateException("the layout produced " + appointments + " appointments, not "
                        + APPOINTMENTS);
            }
            start = System.nanoTime();
            connection.commit();
            seconds.put("commit", since(start));
        } catch (SQLException | RuntimeException | Refused e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(true);
        }

        try (Statement statement = connection.createStatement()) {
            start = System.nanoTime();
            vacuumUntilAllVisible(statement);
            seconds.put("vacuum", since(start));
            return new Result(seconds, counts(statement));
        }
    }

    /**
     * VACUUM (ANALYZE) until every page of appointments is all-visible, for at most {@link #ALL_VISIBLE_WAIT}. A
     * vacuum marks a page only when no transaction that began before the seed committed is still open, and on a
     * running node (the benchmark seeds one during its warm-up) one of its requests may be such a transaction: the
     * benchmark's vacuum right after the commit left all 1,571 pages unmarked, and the staff list's bounded count
     * then fetched 1,001 heap rows per request (1.52 ms for the list's statement instead of 1.14 ms).
     */
    private static void vacuumUntilAllVisible(Statement statement) throws SQLException {
        long deadline = System.nanoTime() + ALL_VISIBLE_WAIT.toNanos();
        statement.execute("VACUUM (ANALYZE) " + String.join(", ", APP_TABLES));
        long unmarked;
        while ((unmarked = pagesNotAllVisible(statement)) > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            statement.execute("VACUUM appointments");
        }
        if (unmarked > 0) {
            System.err.println("warning: " + unmarked + " pages of appointments are not all-visible after "
                    + ALL_VISIBLE_WAIT.toSeconds() + " s of vacuuming: a transaction older than the seed is still "
                    + "open (see pg_stat_activity); until autovacuum runs, the appointment lists read the heap");
        }
    }

    private static long pagesNotAllVisible(Statement statement) throws SQLException {
        try (ResultSet rs = statement.executeQuery(
                "SELECT greatest(relpages - relallvisible, 0) FROM pg_class WHERE oid = 'appointments'::regclass")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void refuseIfSeeded(Statement statement) throws SQLException, Refused {
        try (ResultSet rs = statement.executeQuery("""
                WITH demo(name) AS (SELECT 'user' || lpad(i::text, 4, '0') FROM generate_series(1, 2000) i
                                    UNION ALL SELECT 'staff' || i FROM generate_series(1, 5) i)
                SELECT (SELECT count(*) FROM categories), (SELECT count(*) FROM services),
                       (SELECT count(*) FROM resources), (SELECT count(*) FROM appointments),
                       (SELECT count(*) FROM users
                        WHERE lower(username) IN (SELECT name FROM demo)
                           OR lower(email) IN (SELECT name || '@example.com' FROM demo))""")) {
            rs.next();
            long categories = rs.getLong(1);
            long services = rs.getLong(2);
            long resources = rs.getLong(3);
            long appointments = rs.getLong(4);
            long demoUsers = rs.getLong(5);
            if (categories + services + resources + appointments > 0) {
                throw new Refused("Not seeded: the database already has catalog or appointment data (" + categories
                        + " categories, " + services + " services, " + resources + " resources, " + appointments
                        + " appointments). Run scripts/seed-demo.sh --reset to delete ALL application data (users,"
                        + " tokens, catalog, appointments) and seed again.");
            }
            if (demoUsers > 0) {
                throw new Refused("Not seeded: " + demoUsers + " existing users have demo usernames or e-mails"
                        + " (user0001-user2000, staff1-staff5, @example.com). Run scripts/seed-demo.sh --reset to"
                        + " delete ALL application data and seed again.");
            }
        }
    }

    /** The statements of seed/demo.sql, by the name on their "-- step:" line, in order. */
    public static Map<String, String> steps() {
        String script;
        try (InputStream in = SeedDemo.class.getClassLoader().getResourceAsStream(SCRIPT)) {
            if (in == null) {
                throw new IllegalStateException(SCRIPT + " is not on the classpath");
            }
            script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> steps = new LinkedHashMap<>();
        String name = null;
        StringBuilder sql = new StringBuilder();
        for (String line : script.split("\n", -1)) {
            if (line.startsWith(STEP)) {
                if (name != null) {
                    steps.put(name, sql.toString());
                }
                name = line.substring(STEP.length()).trim();
                sql.setLength(0);
            } else if (name != null) {
                sql.append(line).append('\n');
            }
        }
        if (name != null) {
            steps.put(name, sql.toString());
        }
        return steps;
    }

    private static Map<String, Long> counts(Statement statement) throws SQLException {
        Map<String, Long> counts = new LinkedHashMap<>();
        List<String> queries = new ArrayList<>(List.of(
                "categories", "SELECT count(*) FROM categories",
                "services", "SELECT count(*) FROM services",
                "resources", "SELECT count(*) FROM resources",
                "resources STAFF", "SELECT count(*) FROM resources WHERE kind = 'STAFF'",
                "resources ROOM", "SELECT count(*) FROM resources WHERE kind = 'ROOM'",
                "resources EQUIPMENT", "SELECT count(*) FROM resources WHERE kind = 'EQUIPMENT'",
                "resource services", "SELECT count(*) FROM resource_services",
                "users USER", "SELECT count(*) FROM users WHERE role = 'USER'",
                "users STAFF", "SELECT count(*) FROM users WHERE role = 'STAFF'",
                "appointments", "SELECT count(*) FROM appointments"));
        for (String status : List.of("COMPLETED", "NO_SHOW", "CANCELLED", "CONFIRMED")) {
            queries.add("appointments " + status);
            queries.add("SELECT count(*) FROM appointments WHERE status = '" + status + "'");
        }
        for (int i = 0; i < queries.size(); i += 2) {
            counts.put(queries.get(i), count(statement, queries.get(i + 1)));
        }
        return counts;
    }

    private static void printSummary(Result result, LocalDate today) {
        Map<String, Long> c = result.counts();
        System.out.printf("""
                Seeded in %.1f s (migrations %.1f s; %s).
                  %d categories, %d services, %d resources (%d STAFF, %d ROOM, %d EQUIPMENT), %d resource-service links
                  %d users (role USER) and %d staff (role STAFF)
                  %d appointments from %s to %s, Monday-Friday 09:00-13:00 and 14:00-18:00 Europe/Madrid:
                    %d COMPLETED, %d NO_SHOW, %d CANCELLED, %d CONFIRMED
                Demo credentials (POST /auth/token):
                  user0001 … user%04d  password %s
                  staff1 … staff%d       password %s
                """,
                result.seedingSeconds(), result.seconds().get("migrations"), steps(result),
                c.get("categories"), c.get("services"), c.get("resources"), c.get("resources STAFF"),
                c.get("resources ROOM"), c.get("resources EQUIPMENT"), c.get("resource services"),
                c.get("users USER"), c.get("users STAFF"), c.get("appointments"), today.minusMonths(12),
                today.plusMonths(3).minusDays(1), c.get("appointments COMPLETED"), c.get("appointments NO_SHOW"),
                c.get("appointments CANCELLED"), c.get("appointments CONFIRMED"),
                USERS, USER_PASSWORD, STAFF, STAFF_PASSWORD);
    }

    private static String steps(Result result) {
        List<String> parts = new ArrayList<>();
        result.seconds().forEach((step, s) -> {
            if (!step.equals("migrations") && s >= 0.05) {
                parts.add(String.format("%s %.1f s", step, s));
            }
        });
        return String.join(", ", parts);
    }

    private static long count(Statement statement, String sql) throws SQLException {
        try (ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static double since(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
