package app.citas.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import app.citas.platform.Migrations;
import app.citas.dev.EmbeddedDatabase;
import app.citas.dev.Platform;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import liquibase.Scope;
import liquibase.command.CommandScope;
import liquibase.command.core.RollbackCountCommandStep;
import liquibase.command.core.helpers.DatabaseChangelogCommandStep;
import liquibase.command.core.helpers.DbUrlConnectionArgumentsCommandStep;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.resource.ClassLoaderResourceAccessor;
import org.junit.jupiter.api.Test;

/** The changelog applies on an empty database, is tagged, and every changeset rolls back cleanly. */
class MigrationsIT {
    private static final String TABLES = "select count(*) from information_schema.tables where table_schema = 'public' "
            + "and table_name in ('users','api_tokens','categories','services','resources','resource_services',"
            + "'appointments','idempotency_keys')";
    /** What the changesets after release 1.0.0 add: scheduling rules (time off and its guard, date overrides). */
    private static final String SCHEDULING = "select (select count(*) from information_schema.tables "
            + "where table_schema = 'public' and table_name in ('time_off', 'date_overrides', 'resource_bookings')) "
            + "+ (select count(*) from pg_trigger where tgname in ('time_off_lock_resource', "
            + "'appointments_outside_time_off')) "
            + "+ (select count(*) from pg_proc where proname in ('time_off_lock_resource', "
            + "'appointments_outside_time_off'))";
    /** 008-calendar-feeds.sql: the table and its three indexes (besides the primary key). */
    private static final String CALENDAR_FEEDS = "select count(*) from pg_indexes where tablename = 'calendar_feeds' "
            + "and indexname in ('calendar_feeds_secret_hash_key', 'calendar_feeds_customer_key', "
            + "'calendar_feeds_resource_key')";
    /** 009-appointment-schedule-lock.sql: the trigger and its function. */
    private static final String SCHEDULE_LOCK = "select (select count(*) from pg_trigger "
            + "where tgname = 'appointments_lock_schedule') + (select count(*) from pg_proc "
            + "where proname = 'appointments_lock_schedule')";
    private static final String NEXT_RELEASE = "db/changelog-test/next-release.xml";
    private static final String NOTES_COLUMN = "select count(*) from information_schema.columns "
            + "where table_name = 'appointments' and column_name = 'internal_notes'";

    /** The embedded server's output reaches the developer's console through this logger (run.sh). */
    @Test
    void aFirstMigrationMakesTheEmbeddedServerLogNoError() throws Exception {
        Platform platform = Platform.current();
        assumeTrue(getClass().getClassLoader().getResource(platform.postgresResource()) != null,
                platform.noEmbeddedPostgres());
        List<String> lines = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                lines.add(record.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger zonky = Logger.getLogger("io.zonky.test.db.postgres.embedded.EmbeddedPostgres");
        zonky.addHandler(capture);
        try (EmbeddedDatabase postgres = EmbeddedDatabase.start(null, 0);
             Connection connection = DriverManager.getConnection(postgres.jdbcUrl(), "postgres", "")) {
            Migrations.update(connection);
            try (Statement statement = connection.createStatement()) {
                statement.execute("select 1 from no_such_table");
            } catch (java.sql.SQLException expected) {
                // The client gets the error; the server's log need not repeat it.
            }
        } finally {
            zonky.removeHandler(capture);
        }
        assertTrue(lines.stream().anyMatch(line -> line.contains("ready to accept connections")), lines::toString);
        assertEquals(List.of(), lines.stream()
                .filter(line -> line.contains("ERROR") || line.contains("WARNING") || line.contains("STATEMENT")).toList());
    }

    @Test
    void appliesTagsAndRollsBackEverything() throws Exception {
        assumeTrue(System.getenv("CITAS_TEST_DB_URL") == null, "runs on its own embedded PostgreSQL");
        try (EmbeddedDatabase postgres = EmbeddedDatabase.start(null, 0);
             Connection connection = DriverManager.getConnection(postgres.jdbcUrl(), "postgres", "")) {
            Migrations.update(connection);
            assertEquals(8, count(connection, TABLES));
            assertEquals(7, count(connection, SCHEDULING), "two tables, a view, two triggers and their functions");
            assertEquals(3, count(connection, CALENDAR_FEEDS));
            assertEquals(2, count(connection, SCHEDULE_LOCK));
            assertEquals(1, count(connection, "select count(*) from databasechangelog where tag = '1.0.0'"));
            int changesets = count(connection, "select count(*) from databasechangelog");

            assertEquals(8, count(connection, RULE_COLUMNS));
            assertEquals(1, count(connection, BLOCKED_RANGE_FUNCTION));

            rollback(connection, changesets);
            assertEquals(0, count(connection, TABLES));
            assertEquals(0, count(connection, BLOCKED_RANGE_FUNCTION));
            assertEquals(0, count(connection, SCHEDULING));
            assertEquals(0, count(connection, CALENDAR_FEEDS));
            assertEquals(0, count(connection, SCHEDULE_LOCK));
            assertEquals(0, count(connection, "select count(*) from information_schema.tables "
                    + "where table_name = 'calendar_feeds'"));
            assertEquals(0, count(connection, "select count(*) from databasechangelog"));

            Migrations.update(connection);
            assertEquals(8, count(connection, TABLES));
            assertEquals(7, count(connection, SCHEDULING));
            assertEquals(3, count(connection, CALENDAR_FEEDS));
            assertTrue(count(connection, "select count(*) from pg_constraint where conname like '%no_overlap'") == 2);
        }
    }

    @Test
    void rollingBackAReleaseKeepsThePreviousTagSoItCanBeRolledForwardAndBackAgain() throws Exception {
        assumeTrue(System.getenv("CITAS_TEST_DB_URL") == null, "runs on its own embedded PostgreSQL");
        try (EmbeddedDatabase postgres = EmbeddedDatabase.start(null, 0);
             Connection connection = DriverManager.getConnection(postgres.jdbcUrl(), "postgres", "")) {
            Migrations.update(connection, NEXT_RELEASE);
            assertEquals(List.of("1.0.0", "1.1.0"), Migrations.appliedTags(connection));
            assertEquals(1, count(connection, NOTES_COLUMN));

            ByteArrayOutputStream sql = new ByteArrayOutputStream();
            Migrations.rollbackSql(connection, NEXT_RELEASE, "1.0.0", sql);
            assertTrue(sql.toString(StandardCharsets.UTF_8).contains("DROP COLUMN internal_notes"), sql::toString);
            assertTrue(sql.toString(StandardCharsets.UTF_8).contains("DROP TABLE calendar_feeds"), sql::toString);
            assertEquals(1, count(connection, NOTES_COLUMN), "rollback-sql changes nothing");

            Migrations.rollback(connection, NEXT_RELEASE, "1.0.0");
            assertEquals(0, count(connection, NOTES_COLUMN));
            assertEquals(0, count(connection, CALENDAR_FEEDS), "008 came after 1.0.0: rolled back with the release");
            assertEquals(List.of("1.0.0"), Migrations.appliedTags(connection));
            assertEquals(8, count(connection, TABLES));
            assertEquals(0, count(connection, RULE_COLUMNS), "the untagged changes after 1.0.0 roll back too");
            assertEquals(0, count(connection, SCHEDULING), "the scheduling changesets came after 1.0.0");
            assertEquals(0, count(connection, SCHEDULE_LOCK), "009 came after 1.0.0");

            Migrations.update(connection, NEXT_RELEASE);
            assertEquals(List.of("1.0.0", "1.1.0"), Migrations.appliedTags(connection));
            Migrations.rollback(connection, NEXT_RELEASE, "1.0.0");
            assertEquals(0, count(connection, NOTES_COLUMN));
            assertEquals(List.of("1.0.0"), Migrations.appliedTags(connection));
        }
    }

    private static final String RULE_COLUMNS = "select count(*) from information_schema.columns where "
            + "(table_name = 'services' and column_name in ('buffer_before_minutes', 'buffer_after_minutes', "
            + "'min_notice_minutes', 'max_advance_days', 'slot_interval_minutes', 'cancellation_cutoff_minutes')) "
            + "or (table_name = 'appointments' and column_name in ('buffer_before_minutes', 'buffer_after_minutes'))";
    private static final String BLOCKED_RANGE_FUNCTION = "select count(*) from pg_proc "
            + "where proname = 'appointment_blocked_range'";
    private static final String RESOURCE_CONSTRAINT = "select pg_get_constraintdef(oid) from pg_constraint "
            + "where conname = 'appointments_resource_no_overlap'";

    /**
     * 007-service-rules on a database with data of the release before: existing services get the default rules and
     * existing appointments no buffers; the resource's exclusion constraint then compares blocked ranges; rolling back
     * to 1.0.0 with data in place restores the constraint on the appointments' own times and drops every new column
     * and the function.
     */
    @Test
    void serviceRulesMigrateExistingRowsAndRollBackWithData() throws Exception {
        assumeTrue(System.getenv("CITAS_TEST_DB_URL") == null, "runs on its own embedded PostgreSQL");
        try (EmbeddedDatabase postgres = EmbeddedDatabase.start(null, 0);
             Connection connection = DriverManager.getConnection(postgres.jdbcUrl(), "postgres", "")) {
            Migrations.update(connection);
            assertEquals(8, count(connection, RULE_COLUMNS));
            Migrations.rollback(connection, "1.0.0");
            assertEquals(0, count(connection, RULE_COLUMNS));
            assertEquals(0, count(connection, BLOCKED_RANGE_FUNCTION));
            assertEquals("EXCLUDE USING gist (resource_id WITH =, tstzrange(starts_at, ends_at) WITH &&) "
                    + "WHERE (((status)::text <> 'CANCELLED'::text))", text(connection, RESOURCE_CONSTRAINT));
            connection.setAutoCommit(true); // each statement on its own: a refused one aborts nothing else
            try (Statement s = connection.createStatement()) {
                s.execute("insert into users (id, username, email, full_name, password_hash, role) values "
                        + "(1, 'u1', 'u1@example.com', 'U 1', 'x', 'USER'), (2, 'u2', 'u2@example.com', 'U 2', 'x', 'USER')");
                s.execute("insert into services (id, name, duration_minutes, price, currency) values (1, 'Cut', 30, 10, 'EUR')");
                s.execute("insert into resources (id, name, kind, timezone) values (1, 'Chair', 'STAFF', 'Europe/Madrid')");
                s.execute("insert into appointments (service_id, resource_id, customer_id, starts_at, ends_at, status) "
                        + "values (1, 1, 1, '2030-01-15 09:00Z', '2030-01-15 09:30Z', 'CONFIRMED')");
            }

            Migrations.update(connection);
            assertEquals(1, count(connection, "select count(*) from services where buffer_before_minutes = 0 "
                    + "and buffer_after_minutes = 0 and min_notice_minutes = 0 and max_advance_days = 365 "
                    + "and slot_interval_minutes = 15 and cancellation_cutoff_minutes = 0"));
            assertEquals(1, count(connection, "select count(*) from appointments where buffer_before_minutes = 0 "
                    + "and buffer_after_minutes = 0"));
            assertTrue(text(connection, RESOURCE_CONSTRAINT).contains("appointment_blocked_range(starts_at, ends_at, "
                    + "buffer_before_minutes, buffer_after_minutes) WITH &&"), text(connection, RESOURCE_CONSTRAINT));
            connection.setAutoCommit(true);
            try (Statement s = connection.createStatement()) {
                // Back to back, but 15 minutes before this one reach into the existing appointment: refused.
                java.sql.SQLException refused = org.junit.jupiter.api.Assertions.assertThrows(java.sql.SQLException.class,
                        () -> s.execute("insert into appointments (service_id, resource_id, customer_id, starts_at, "
                                + "ends_at, status, buffer_before_minutes) values (1, 1, 2, '2030-01-15 09:30Z', "
                                + "'2030-01-15 10:00Z', 'CONFIRMED', 15)"));
                assertEquals("23P01", refused.getSQLState(), refused.getMessage());
                assertTrue(refused.getMessage().contains("appointments_resource_no_overlap"), refused.getMessage());
                s.execute("insert into appointments (service_id, resource_id, customer_id, starts_at, ends_at, status, "
                        + "buffer_before_minutes, buffer_after_minutes) values (1, 1, 2, '2030-01-15 09:45Z', "
                        + "'2030-01-15 10:15Z', 'CONFIRMED', 15, 240)");
                assertEquals("23514", org.junit.jupiter.api.Assertions.assertThrows(java.sql.SQLException.class,
                        () -> s.execute("update services set slot_interval_minutes = 7")).getSQLState());
            }

            Migrations.rollback(connection, "1.0.0");
            assertEquals(0, count(connection, RULE_COLUMNS));
            assertEquals(0, count(connection, BLOCKED_RANGE_FUNCTION));
            assertEquals(2, count(connection, "select count(*) from appointments"), "the rows stay");
            assertTrue(text(connection, RESOURCE_CONSTRAINT).contains("tstzrange(starts_at, ends_at) WITH &&"));
        }
    }

    private static String text(Connection connection, String sql) throws Exception {
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static void rollback(Connection connection, int count) throws Exception {
        Scope.child(Map.of(Scope.Attr.resourceAccessor.name(),
                new ClassLoaderResourceAccessor(MigrationsIT.class.getClassLoader())), () ->
                new CommandScope(RollbackCountCommandStep.COMMAND_NAME)
                        .addArgumentValue(DbUrlConnectionArgumentsCommandStep.DATABASE_ARG, DatabaseFactory.getInstance()
                                .findCorrectDatabaseImplementation(new JdbcConnection(connection)))
                        .addArgumentValue(DatabaseChangelogCommandStep.CHANGELOG_FILE_ARG, Migrations.CHANGELOG)
                        .addArgumentValue(RollbackCountCommandStep.COUNT_ARG, count)
                        .execute());
    }

    private static int count(Connection connection, String sql) throws Exception {
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
