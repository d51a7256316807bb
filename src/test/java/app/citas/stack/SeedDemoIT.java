package app.citas.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.citas.dev.SeedDemo;
import com.password4j.Argon2Function;
import com.password4j.Password;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * scripts/seed-demo.sh's data set, seeded once into a database of its own (embedded, or a fresh schema of
 * CITAS_TEST_DB_URL): exact counts, working hours in Europe/Madrid, no overlaps, statuses, determinism, and the
 * refusal without --reset.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SeedDemoIT {
    /** A fixed "today" (the Monday after the spring DST change): the window spans both DST changes of 2025. */
    private static final LocalDate TODAY = LocalDate.of(2026, 3, 30);
    /** Every row of every application table, as text, in a fixed order. */
    private static final String CHECKSUM = """
            SELECT md5(string_agg(line, E'\\n' ORDER BY line)) FROM (
                SELECT 'categories ' || t::text AS line FROM categories t
                UNION ALL SELECT 'services ' || t::text FROM services t
                UNION ALL SELECT 'resources ' || t::text FROM resources t
                UNION ALL SELECT 'resource_services ' || t::text FROM resource_services t
                UNION ALL SELECT 'users ' || t::text FROM users t
                UNION ALL SELECT 'api_tokens ' || t::text FROM api_tokens t
                UNION ALL SELECT 'appointments ' || t::text FROM appointments t
                UNION ALL SELECT 'idempotency_keys ' || t::text FROM idempotency_keys t) all_rows""";

    private TestStack.Database database;
    private Connection connection;
    private String firstChecksum;

    @BeforeAll
    void seedOnce() throws Exception {
        database = TestStack.database();
        connection = DriverManager.getConnection(database.url(), database.user(), database.password());
        try (Statement s = connection.createStatement()) {
            s.execute("SET TimeZone = 'UTC'");
        }
        SeedDemo.Result result = SeedDemo.seed(connection, false, TODAY);
        System.out.printf("SeedDemoIT: first seeding %.1f s (migrations %.1f s), steps %s%n",
                result.seedingSeconds(), result.seconds().get("migrations"), result.seconds());
        firstChecksum = text(CHECKSUM);
    }

    @AfterAll
    void close() throws Exception {
        if (connection != null) {
            connection.close();
        }
        if (database != null) {
            database.cleanup().close();
        }
    }

    @Test
    @Order(1)
    void hasExactlyTheDataSet() throws SQLException {
        assertEquals(10, count("SELECT count(*) FROM categories"));
        assertEquals(200, count("SELECT count(*) FROM services"));
        assertEquals(60, count("SELECT count(*) FROM resources"));
        assertEquals(40, count("SELECT count(*) FROM resources WHERE kind = 'STAFF'"));
        assertEquals(15, count("SELECT count(*) FROM resources WHERE kind = 'ROOM'"));
        assertEquals(5, count("SELECT count(*) FROM resources WHERE kind = 'EQUIPMENT'"));
        assertEquals(2000, count("SELECT count(*) FROM users WHERE role = 'USER'"));
        assertEquals(5, count("SELECT count(*) FROM users WHERE role = 'STAFF'"));
        assertEquals(2005, count("SELECT count(*) FROM users"));
        assertEquals(100_000, count("SELECT count(*) FROM appointments"));
        assertEquals(0, count("SELECT count(*) FROM api_tokens") + count("SELECT count(*) FROM idempotency_keys"));
    }

    @Test
    @Order(1)
    void catalogHasTheRequiredShape() throws SQLException {
        assertEquals(0, count("""
                SELECT count(*) FROM services
                WHERE duration_minutes NOT BETWEEN 15 AND 120 OR duration_minutes % 15 <> 0
                   OR price NOT BETWEEN 10.00 AND 200.00 OR currency <> 'EUR' OR NOT active
                   OR category_id IS NULL"""), "services outside the specification");
        assertEquals(10, count("SELECT count(DISTINCT category_id) FROM services"));
        assertEquals(8, count("SELECT count(DISTINCT duration_minutes) FROM services"));
        assertEquals(60, count("""
                SELECT count(*) FROM (SELECT resource_id, count(*) AS n FROM resource_services GROUP BY resource_id) x
                WHERE n BETWEEN 5 AND 20"""), "every resource offers 5-20 services");
        assertEquals(60, count("""
                SELECT count(*) FROM resources
                WHERE timezone = 'Europe/Madrid' AND active AND working_hours = (
                    SELECT jsonb_agg(jsonb_build_object('weekday', d, 'start', h.s, 'end', h.e) ORDER BY d, h.s)
                    FROM generate_series(1, 5) d, (VALUES ('09:00', '13:00'), ('14:00', '18:00')) h(s, e))"""),
                "Monday-Friday 09:00-13:00 and 14:00-18:00 in Europe/Madrid");
    }

    @Test
    @Order(1)
    void everyResourceOffersOnlyTheServicesOfItsOwnTrade() throws SQLException {
        assertEquals(60, count("""
                SELECT count(*) FROM (SELECT rs.resource_id FROM resource_services rs JOIN services s ON s.id = rs.service_id
                                      GROUP BY rs.resource_id HAVING count(DISTINCT s.category_id) = 1) x"""),
                "each resource's services are of one category");
        // The equipment and rooms by name: a car lift offers car services, never a medical consultation.
        for (String[] expected : new String[][] {{"Car lift", "Car workshop"}, {"Wheel balancer", "Car workshop"},
                {"X-ray unit", "Dental"}, {"Laser unit", "Beauty"}, {"Ultrasound scanner", "Physiotherapy"}}) {
            assertEquals(expected[1], text("""
                    SELECT string_agg(DISTINCT c.name, ',') FROM resources r JOIN resource_services rs ON rs.resource_id = r.id
                    JOIN services s ON s.id = rs.service_id JOIN categories c ON c.id = s.category_id
                    WHERE r.name = '%s'""".formatted(expected[0])), expected[0]);
        }
        assertEquals(0, count("""
                SELECT count(*) FROM resources r JOIN resource_services rs ON rs.resource_id = r.id
                JOIN services s ON s.id = rs.service_id JOIN categories c ON c.id = s.category_id
                WHERE r.kind = 'ROOM' AND c.name IN ('Hair', 'Nails', 'Car workshop', 'Bike workshop')"""),
                "treatment rooms serve treatments");
        assertEquals(0, count("""
                SELECT count(*) FROM services s
                WHERE NOT EXISTS (SELECT 1 FROM resource_services rs WHERE rs.service_id = s.id)"""),
                "every service has someone or something to provide it");
    }

    @Test
    @Order(1)
    void appointmentsLieInsideWorkingHoursInMadridTime() throws SQLException {
        // Checked against each resource's own working hours and time zone, whatever they are.
        assertEquals(0, count("""
                SELECT count(*) FROM appointments a JOIN resources r ON r.id = a.resource_id
                WHERE NOT EXISTS (
                    SELECT 1 FROM jsonb_array_elements(r.working_hours) p
                    WHERE (p ->> 'weekday')::int = extract(isodow FROM a.starts_at AT TIME ZONE r.timezone)
                      AND (a.starts_at AT TIME ZONE r.timezone)::date = (a.ends_at AT TIME ZONE r.timezone)::date
                      AND (a.starts_at AT TIME ZONE r.timezone)::time >= (p ->> 'start')::time
                      AND (a.ends_at AT TIME ZONE r.timezone)::time <= (p ->> 'end')::time)"""));
        assertEquals(0, count("""
                SELECT count(*) FROM appointments a JOIN services s ON s.id = a.service_id
                WHERE a.ends_at <> a.starts_at + make_interval(mins => s.duration_minutes)
                   OR NOT EXISTS (SELECT 1 FROM resource_services rs
                                  WHERE rs.resource_id = a.resource_id AND rs.service_id = a.service_id)"""),
                "each appointment lasts its service, which its resource offers");
        // Local 09:00 is 07:00 UTC in summer time and 08:00 UTC in winter time: both occur.
        assertTrue(count("""
                SELECT count(*) FROM appointments WHERE (starts_at AT TIME ZONE 'Europe/Madrid')::time = '09:00'
                AND (starts_at AT TIME ZONE 'UTC')::time = '07:00'""") > 0);
        assertTrue(count("""
                SELECT count(*) FROM appointments WHERE (starts_at AT TIME ZONE 'Europe/Madrid')::time = '09:00'
                AND (starts_at AT TIME ZONE 'UTC')::time = '08:00'""") > 0);
    }

    @Test
    @Order(1)
    void neverOverlapPerResourceOrCustomerEvenCountingCancelled() throws SQLException {
        for (String owner : new String[] {"resource_id", "customer_id"}) {
            assertEquals(0, count("""
                    SELECT count(*) FROM (
                        SELECT starts_at, lag(ends_at) OVER (PARTITION BY %s ORDER BY starts_at, id) AS previous_end
                        FROM appointments) x
                    WHERE previous_end > starts_at""".formatted(owner)), owner);
        }
    }

    @Test
    @Order(1)
    void spansTheWindowWithRealisticStatuses() throws SQLException {
        String local = "(starts_at AT TIME ZONE 'Europe/Madrid')::date";
        LocalDate from = TODAY.minusMonths(12);
        LocalDate until = TODAY.plusMonths(3);
        assertEquals("t", text("SELECT min(" + local + ") >= DATE '" + from + "' AND min(" + local + ") < DATE '"
                + from.plusDays(7) + "' FROM appointments"), "starts in the week 12 months before today");
        assertEquals("t", text("SELECT max(" + local + ") < DATE '" + until + "' AND max(" + local + ") >= DATE '"
                + until.minusDays(7) + "' FROM appointments"), "ends in the week before 3 months after today");

        long cancelled = count("SELECT count(*) FROM appointments WHERE status = 'CANCELLED'");
        assertTrue(cancelled >= 9_000 && cancelled <= 11_000, "about 10% cancelled: " + cancelled);
        assertEquals(cancelled, count("SELECT count(*) FROM appointments WHERE cancel_reason IS NOT NULL"));
        String today = "DATE '" + TODAY + "'";
        assertEquals(0, count("SELECT count(*) FROM appointments WHERE " + local + " < " + today
                + " AND status NOT IN ('COMPLETED', 'NO_SHOW', 'CANCELLED')"), "past ones are done");
        assertEquals(0, count("SELECT count(*) FROM appointments WHERE " + local + " >= " + today
                + " AND status NOT IN ('CONFIRMED', 'CANCELLED')"), "future ones are confirmed");
        long completed = count("SELECT count(*) FROM appointments WHERE status = 'COMPLETED'");
        long noShow = count("SELECT count(*) FROM appointments WHERE status = 'NO_SHOW'");
        assertTrue(noShow > 0 && noShow * 10 < completed, completed + " completed, " + noShow + " no-shows");
        assertTrue(count("SELECT count(*) FROM appointments WHERE status = 'CONFIRMED'") > 10_000);
    }

    @Test
    @Order(1)
    void spreadsCustomersEvenly() throws SQLException {
        assertEquals(2000, count("""
                SELECT count(*) FROM (SELECT customer_id, count(*) AS n FROM appointments GROUP BY customer_id) x
                JOIN users u ON u.id = x.customer_id WHERE u.role = 'USER' AND x.n = 50"""),
                "each of the 2,000 users has 50 appointments");
        assertTrue(count("""
                SELECT min(n) FROM (SELECT resource_id, count(*) AS n FROM appointments GROUP BY resource_id) x""")
                > 1500, "every resource is busy");
    }

    @Test
    @Order(1)
    void demoCredentialsSignIn() throws SQLException {
        for (Map.Entry<String, String> demo : Map.of("user0001", SeedDemo.USER_PASSWORD,
                "user2000", SeedDemo.USER_PASSWORD, "staff5", SeedDemo.STAFF_PASSWORD).entrySet()) {
            try (PreparedStatement ps = connection.prepareStatement(
                    "SELECT password_hash FROM users WHERE username = ?")) {
                ps.setString(1, demo.getKey());
                try (ResultSet rs = ps.executeQuery()) {
                    assertTrue(rs.next(), demo.getKey());
                    String hash = rs.getString(1);
                    assertTrue(Password.check(demo.getValue(), hash).with(Argon2Function.getInstanceFromHash(hash)),
                            demo.getKey());
                }
            }
        }
        assertEquals(5, count("SELECT count(*) FROM users WHERE role = 'STAFF' AND username ~ '^staff[1-5]$'"));
    }

    @Test
    @Order(2)
    void refusesWithoutResetAndChangesNothing() throws Exception {
        assertThrows(SeedDemo.Refused.class, () -> SeedDemo.seed(connection, false, TODAY));

        // The operator command, exactly as run: exit status 1 and a message naming --reset.
        ProcessBuilder builder = new ProcessBuilder("bash", "scripts/seed-demo.sh").redirectErrorStream(true);
        builder.environment().putAll(Map.of("CITAS_DB_URL", database.url(), "CITAS_DB_USER", database.user(),
                "CITAS_DB_PASSWORD", database.password()));
        Process process = builder.start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(2, TimeUnit.MINUTES), "seed-demo.sh finished");
        assertEquals(1, process.exitValue(), output);
        assertTrue(output.contains("already has catalog or appointment data") && output.contains("--reset"), output);

        assertEquals(firstChecksum, text(CHECKSUM), "nothing changed");
    }

    @Test
    @Order(3)
    void resetSeedsTheSameRowsAgain() throws Exception {
        try (Statement s = connection.createStatement()) {
            s.execute("INSERT INTO categories (name) VALUES ('Left over')");
            s.execute("INSERT INTO api_tokens (user_id, token_hash, expires_at) VALUES (1, '\\x01', now())");
            s.execute("INSERT INTO users (username, email, full_name, password_hash, role)"
                    + " VALUES ('someone', 'someone@example.org', 'Someone', 'x', 'USER')");
        }
        SeedDemo.Result result;
        // A transaction older than the seed's commit, like a running node's request held on the seed's locks,
        // ends only once the seed is vacuuming: the seed still leaves every page of appointments all-visible.
        try (Connection older = DriverManager.getConnection(database.url(), database.user(), database.password())) {
            older.setAutoCommit(false);
            try (Statement s = older.createStatement()) {
                s.execute("SELECT pg_current_xact_id()");
            }
            Thread ender = new Thread(() -> endOnceVacuuming(older), "seed-demo-it-older-transaction");
            ender.start();
            result = SeedDemo.seed(connection, true, TODAY);
            ender.join(TimeUnit.MINUTES.toMillis(1));
        }
        System.out.printf("SeedDemoIT: seeding with --reset %.1f s, steps %s%n", result.seedingSeconds(),
                result.seconds());
        assertEquals(0, count("SELECT greatest(relpages - relallvisible, 0) FROM pg_class"
                + " WHERE oid = 'appointments'::regclass"), "every page all-visible: index-only scans skip the heap");
        assertEquals(100_000L, result.counts().get("appointments"));
        assertEquals(firstChecksum, text(CHECKSUM), "the same rows, byte for byte, and nothing else");
        assertTrue(count("SELECT count(*) FROM databasechangelog") > 0, "Liquibase's tables are kept");
        assertEquals(11, count("SELECT nextval(pg_get_serial_sequence('categories', 'id'))"),
                "identity sequences continue after the seeded ids");
        assertEquals(100_001, count("SELECT nextval(pg_get_serial_sequence('appointments', 'id'))"));
    }

    /** Ends (rolls back) {@code older} half a second after the seed's VACUUM is first seen running. */
    private void endOnceVacuuming(Connection older) {
        try (Connection watcher = DriverManager.getConnection(database.url(), database.user(), database.password());
             Statement s = watcher.createStatement()) {
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
            while (System.nanoTime() < deadline) {
                try (ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_stat_activity"
                        + " WHERE state = 'active' AND query ILIKE 'VACUUM%'")) {
                    rs.next();
                    if (rs.getLong(1) > 0) {
                        break;
                    }
                }
                Thread.sleep(50);
            }
            Thread.sleep(500);
            older.rollback();
        } catch (SQLException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private long count(String sql) throws SQLException {
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private String text(String sql) throws SQLException {
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
