package app.citas.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.citas.Entities;
import app.citas.account.AccountDaoProbe;
import app.citas.booking.BookingDaoProbe;
import app.citas.catalog.CatalogDaoProbe;
import app.citas.platform.Database;
import app.citas.platform.DatabaseSettings;
import app.citas.platform.Migrations;
import app.citas.platform.PageRequest;
import app.citas.platform.SettingsReader;
import app.citas.dev.EmbeddedDatabase;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.IntSupplier;
import org.hibernate.FlushMode;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.hibernate.context.internal.ManagedSessionContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Proves the indexes are usable: on a production-shaped data set (100k+ appointments) it captures the SQL Hibernate
 * really generates for every list query of the DAOs, runs EXPLAIN on it and asserts that the tables the query
 * filters or sorts are read through one of their indexes. Writes every plan to target/indexes.md, and to
 * docs/indexes.md when run with -Dcitas.writeDocs=true.
 *
 * <p>Plans are PostgreSQL's generic plans (plan_cache_mode = force_generic_plan, EXPLAIN EXECUTE with null
 * arguments): the plan a prepared statement gets whatever its parameter values, on PostgreSQL 12 and later alike.
 * Catalog tables are tiny (200 services, 60 resources), where a sequential scan is the planner's right choice, so
 * their usability is shown with enable_seqscan = off; appointments and tokens must use an index in the natural plan.
 *
 * <p>Uses its own database (embedded PostgreSQL 17, or a fresh schema in the one named by CITAS_TEST_DB_URL), never
 * the shared TestStack's, and starts no Tomcat.
 */
class IndexUsageIT {
    static final int CATEGORIES = 10;
    static final int SERVICES = 200;
    static final int RESOURCES = 60;
    static final int USERS = 2000;
    /** Appointment slots per resource, 4 hours apart: 60 x 1700 = 102,000 appointments over ~283 days. */
    static final int SLOTS = 1700;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static Target target;
    private static Database database;

    /** Where the data lives and how to drop it. */
    record Target(String url, String user, String password, String description, AutoCloseable cleanup) {
        Connection connect() throws SQLException {
            return DriverManager.getConnection(url, user, password);
        }
    }

    /** Which plan is judged. */
    enum Mode {
        /** The planner's own plan: it must read the tables through an index. */
        NATURAL("natural"),
        /** Tiny tables, where a sequential scan is right: judged with enable_seqscan = off. */
        TINY("enable_seqscan = off"),
        /**
         * A page of appointments joined with the summaries of its rows: appointments must use an index in the natural
         * plan; the summaries' tables are small here (the planner may rightly hash them whole for a page of rows), so
         * their primary keys' usability is judged with enable_seqscan = off.
         */
        JOINED("appointments: natural; joined summaries: enable_seqscan = off"),
        /** A text search on a tiny table: judged with enable_seqscan = off and the competing b-tree indexes hidden. */
        TEXT_SEARCH("enable_seqscan = off, b-tree indexes hidden");

        final String label;

        Mode(String label) {
            this.label = label;
        }
    }

    /** One statement a DAO call issued, the tables it must read through an index, and how that is judged. */
    record Step(String name, Mode mode, List<String> tables, String expectedIndex, List<String> hiddenIndexes) {
    }

    /** A distinct SQL text, with every step that issued it. */
    static final class Query {
        final String sql;
        final List<String> names = new ArrayList<>();
        final Set<String> tables = new LinkedHashSet<>();
        Mode mode = Mode.NATURAL;
        String expectedIndex;
        List<String> hiddenIndexes = List.of();

        Query(String sql) {
            this.sql = sql;
        }
    }

    record Plan(String text, List<String[]> scans) {
        /** Index names (of any table) the plan scans, in plan order. */
        List<String> indexes() {
            return scans.stream().filter(s -> s[2] != null).map(s -> s[2]).distinct().toList();
        }
    }

    @BeforeAll
    static void start() throws Exception {
        target = target();
        try (Connection connection = target.connect()) {
            Migrations.update(connection);
            if (!connection.getAutoCommit()) {
                connection.commit();
            }
        }
        long started = System.nanoTime();
        generate();
        System.out.printf("IndexUsageIT: data set generated in %d ms%n", (System.nanoTime() - started) / 1_000_000);
        Map<String, String> env = Map.of(DatabaseSettings.URL, target.url(), DatabaseSettings.USER, target.user(),
                DatabaseSettings.PASSWORD, target.password(), DatabaseSettings.MIGRATE, "false",
                DatabaseSettings.POOL_SIZE, "2");
        database = Database.open(SettingsReader.read(env::get, DatabaseSettings::read), Entities.all());
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (database != null) {
                database.close();
            }
        } finally {
            if (target != null) {
                target.cleanup().close();
            }
        }
    }

    /** Embedded PostgreSQL, or a fresh schema in CITAS_TEST_DB_URL (as TestStack does, under another name). */
    private static Target target() throws Exception {
        String external = System.getenv("CITAS_TEST_DB_URL");
        if (external == null || external.isBlank()) {
            EmbeddedDatabase db = EmbeddedDatabase.start(null, 0);
            return new Target(db.jdbcUrl(), "postgres", "", "embedded PostgreSQL", db);
        }
        String user = System.getenv().getOrDefault("CITAS_TEST_DB_USER", "postgres");
        String password = System.getenv().getOrDefault("CITAS_TEST_DB_PASSWORD", "");
        String schema = "citas_ix_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = DriverManager.getConnection(external, user, password); Statement s = c.createStatement()) {
            s.execute("create schema " + schema);
        }
        String url = external + (external.contains("?") ? "&" : "?") + "currentSchema=" + schema;
        return new Target(url, user, password, "schema " + schema + " of CITAS_TEST_DB_URL", () -> {
            try (Connection c = DriverManager.getConnection(external, user, password);
                 Statement s = c.createStatement()) {
                s.execute("drop schema " + schema + " cascade");
            }
        });
    }

    /**
     * A production-shaped data set in a few set-based statements. Appointment k of resource r starts at
     * base + 4h*k (+ a per-resource shift of up to 45 min) and lasts at most 60 min, so a resource's appointments
     * never overlap. Its customer is 1 + (60k + r - 1) mod 2000: the 60 appointments of one slot (the only ones
     * that overlap in time) have 60 distinct customers, so no customer is double-booked either. Each resource
     * offers 5 to 20 services (1 + (7r + 13j) mod 200, j below 5 + r mod 16) and each appointment is for one of
     * them. About 10% are cancelled; past ones are completed (some no-shows), future ones confirmed.
     */
    private static void generate() throws SQLException {
        try (Connection c = target.connect(); Statement s = c.createStatement()) {
            // Embedded PostgreSQL runs with synchronous_commit = off: then hint bits, and so the visibility map that
            // index-only scans need, are only set once the commit's WAL is flushed, which VACUUM right after the
            // commit would not wait for. Commit synchronously, as production does.
            s.execute("set synchronous_commit = on");
            c.setAutoCommit(false);
            s.execute("insert into categories (id, name) select i, 'Category ' || i from generate_series(1, "
                    + CATEGORIES + ") i");
            s.execute("""
                    insert into services (id, name, description, duration_minutes, price, currency, category_id, active)
                    select i,
                           (array['Haircut', 'Massage', 'Consultation', 'Manicure', 'Pedicure', 'Colouring',
                                  'Physiotherapy', 'Check-up', 'Cleaning', 'Repair'])[1 + i %% 10]
                             || ' ' || (array['basic', 'deluxe', 'express', 'premium', 'junior'])[1 + (i / 10) %% 5]
                             || ' ' || i,
                           'Generated service ' || i,
                           (array[15, 30, 45, 60])[1 + i %% 4],
                           10 + (i * 37) %% 190 + 0.50,
                           'EUR',
                           1 + (i * 3) %% %d,
                           i %% 20 <> 0
                    from generate_series(1, %d) i""".formatted(CATEGORIES, SERVICES));
            s.execute("""
                    insert into resources (id, name, kind, description, timezone, active, working_hours)
                    select i, (array['Ana', 'Luis', 'Marta', 'Jorge', 'Lucia', 'Pablo'])[1 + i %% 6] || ' ' || i,
                           (array['STAFF', 'STAFF', 'ROOM', 'EQUIPMENT'])[1 + i %% 4], '', 'Europe/Madrid',
                           i %% 15 <> 0, '[]'
                    from generate_series(1, %d) i""".formatted(RESOURCES));
            s.execute("""
                    insert into resource_services (resource_id, service_id)
                    select r, 1 + (r * 7 + j * 13) %% %d
                    from generate_series(1, %d) r, generate_series(0, 19) j
                    where j < 5 + r %% 16""".formatted(SERVICES, RESOURCES));
            s.execute("""
                    insert into users (id, username, email, full_name, password_hash, role)
                    select i, 'user' || i, 'user' || i || '@example.com', 'User ' || i, 'not-a-hash',
                           case when i <= 20 then 'STAFF' else 'USER' end
                    from generate_series(1, %d) i""".formatted(USERS));
            s.execute("""
                    insert into api_tokens (user_id, token_hash, created_at, expires_at)
                    select 1 + (t - 1) %% %d, sha256(convert_to('token-' || t, 'UTF8')), now(), now() + interval '30 days'
                    from generate_series(1, %d) t""".formatted(USERS, 3 * USERS));
            // A calendar feed for every customer and every resource.
            s.execute("""
                    insert into calendar_feeds (secret_hash, secret, customer_id)
                    select sha256(convert_to('feed-' || u, 'UTF8')), 'feed-' || u, u from generate_series(1, %d) u
                    """.formatted(USERS));
            s.execute("""
                    insert into calendar_feeds (secret_hash, secret, resource_id)
                    select sha256(convert_to('resource-feed-' || r, 'UTF8')), 'resource-feed-' || r, r
                    from generate_series(1, %d) r""".formatted(RESOURCES));
            s.execute("""
                    insert into appointments (service_id, resource_id, customer_id, starts_at, ends_at, status,
                                              notes, created_at, buffer_before_minutes, buffer_after_minutes)
                    select svc, r, 1 + ((k * %1$d + r - 1) %% %2$d), st,
                           st + make_interval(mins => (array[15, 30, 45, 60])[1 + svc %% 4]),
                           case when (k * 61 + r * 17) %% 10 = 0 then 'CANCELLED'
                                when st >= now() then 'CONFIRMED'
                                when (k + r) %% 25 = 0 then 'NO_SHOW'
                                else 'COMPLETED' end,
                           null, st - interval '3 days', (svc %% 2) * 10, (svc %% 3) * 5
                    from (select r, k, 1 + (r * 7 + (k %% (5 + r %% 16)) * 13) %% %3$d as svc,
                                 date_trunc('day', now()) - interval '220 days' + k * interval '4 hours'
                                   + (r %% 4) * interval '15 minutes' as st
                          from generate_series(1, %1$d) r, generate_series(0, %4$d) k) slots
                    order by st, r""".formatted(RESOURCES, USERS, SERVICES, SLOTS - 1));
            // Two days of time off per resource every 30 days, and a date override (special hours) every week,
            // over the appointments' span; added after them, as time off is added over booked appointments.
            s.execute("""
                    insert into time_off (resource_id, starts_at, ends_at, reason)
                    select r, date_trunc('day', now()) - interval '220 days' + k * interval '30 days' + r * interval '1 hour',
                           date_trunc('day', now()) - interval '218 days' + k * interval '30 days' + r * interval '1 hour',
                           'Generated time off ' || k
                    from generate_series(1, %d) r, generate_series(0, 9) k""".formatted(RESOURCES));
            s.execute("""
                    insert into date_overrides (resource_id, day, periods)
                    select r, current_date - 220 + k * 7 + r %% 7, '[{"start": "10:00", "end": "14:00"}]'
                    from generate_series(1, %d) r, generate_series(0, 40) k""".formatted(RESOURCES));
            c.commit();
            c.setAutoCommit(true);
            for (String table : List.of("categories", "services", "resources", "resource_services", "users",
                    "api_tokens", "appointments", "time_off", "date_overrides")) {
                s.execute("vacuum analyze " + table);
            }
        }
    }

    @Test
    void idempotencyKeysOlderThanTheirTimeToLiveArePurgedInBatches() throws Exception {
        String insert = "insert into idempotency_keys (user_id, idempotency_key, request_hash, created_at) "
                + "select (select min(id) from users), 'purge-' || ? || '-' || n, '\\x00', now() - ?::interval "
                + "from generate_series(1, ?) n";
        try (Connection connection = target.connect()) {
            connection.setAutoCommit(true);
            for (Object[] keys : new Object[][] {{"old", "25 hours", 12_000}, {"new", "23 hours", 3}}) {
                try (var statement = connection.prepareStatement(insert)) {
                    statement.setString(1, (String) keys[0]);
                    statement.setString(2, (String) keys[1]);
                    statement.setInt(3, (Integer) keys[2]);
                    statement.executeUpdate();
                }
            }
        }
        BookingDaoProbe booking = new BookingDaoProbe(database.sessionFactory());
        assertEquals(12_000, booking.purgeIdempotencyKeys(java.time.Duration.ofHours(24)), "three batches of at most 5,000");
        assertEquals(0, booking.purgeIdempotencyKeys(java.time.Duration.ofHours(24)));
        try (Connection connection = target.connect(); Statement statement = connection.createStatement();
             ResultSet left = statement.executeQuery("select count(*) from idempotency_keys where idempotency_key like 'purge-%'")) {
            left.next();
            assertEquals(3, left.getInt(1), "keys younger than the time to live stay");
        }
    }

    @Test
    void everyListQueryReadsThroughAnIndex() throws Exception {
        Map<String, Query> queries = captureListQueries();
        Map<String, String> indexTables = indexTables();
        List<String> failures = new ArrayList<>();
        StringBuilder details = new StringBuilder();
        StringBuilder summary = new StringBuilder();
        int number = 0;
        try (Connection c = target.connect()) {
            c.setAutoCommit(false);
            for (Query query : queries.values()) {
                number++;
                Plan natural = explain(c, query.sql, false, List.of());
                Plan judged = query.mode == Mode.NATURAL ? natural : explain(c, query.sql, true, query.hiddenIndexes);
                List<String> problems = new ArrayList<>();
                if (query.mode == Mode.JOINED && (natural.scans().stream().noneMatch(
                        sc -> sc[2] != null && "appointments".equals(indexTables.get(sc[2])))
                        || natural.scans().stream().anyMatch(sc -> sc[0].equals("Seq Scan") && "appointments".equals(sc[1])))) {
                    problems.add("appointments not read through an index in the natural plan");
                }
                if (query.expectedIndex != null && !judged.indexes().contains(query.expectedIndex)) {
                    problems.add(query.expectedIndex + " not used");
                }
                List<String> used = new ArrayList<>();
                for (String table : query.tables) {
                    List<String> onTable = judged.indexes().stream().filter(i -> table.equals(indexTables.get(i))).toList();
                    used.addAll(onTable);
                    if (onTable.isEmpty()) {
                        problems.add("no index scan on " + table);
                    }
                    if (judged.scans().stream().anyMatch(s -> s[0].equals("Seq Scan") && table.equals(s[1]))) {
                        problems.add("sequential scan on " + table);
                    }
                }
                String verdict = problems.isEmpty() ? "index" : "**NO INDEX**: " + String.join("; ", problems);
                if (!problems.isEmpty()) {
                    failures.add("#" + number + " " + query.names + ": " + String.join("; ", problems)
                            + "\n" + query.sql + "\n" + judged.text());
                }
                summary.append("| ").append(number).append(" | ").append(String.join("<br>", query.names))
                        .append(" | ").append(query.mode.label)
                        .append(" | ").append(used.isEmpty() ? "-" : "`" + String.join("`, `", used) + "`")
                        .append(" | ").append(verdict).append(" |\n");
                details.append("\n### ").append(number).append(". ").append(query.names.get(0)).append("\n\n");
                if (query.names.size() > 1) {
                    details.append("Also issued by: ").append(String.join("; ", query.names.subList(1, query.names.size())))
                            .append(".\n\n");
                }
                details.append("Must read through an index: ").append(String.join(", ", query.tables))
                        .append(". Index used there: ").append(used.isEmpty() ? "none" : "`" + String.join("`, `", used) + "`")
                        .append(". Verdict: ").append(verdict).append(".\n\n");
                details.append("```sql\n").append(query.sql).append("\n```\n\n");
                if (query.mode != Mode.NATURAL) {
                    details.append("Judged plan (").append(query.mode.label);
                    if (!query.hiddenIndexes.isEmpty()) {
                        details.append(": `").append(String.join("`, `", query.hiddenIndexes)).append("` dropped in a "
                                + "rolled-back transaction");
                    }
                    details.append("):\n\n```text\n").append(judged.text()).append("\n```\n\nNatural plan ("
                            + (query.mode == Mode.JOINED ? "appointments through an index; the small summary tables "
                            + "may be read whole" : "tiny table") + ": a sequential scan is the right choice here):\n\n");
                } else {
                    details.append("Plan:\n\n");
                }
                details.append("```text\n").append(natural.text()).append("\n```\n");
            }
        }
        writeReport(summary.toString(), details.toString(), queries.size());
        assertTrue(failures.isEmpty(), failures.size() + " queries do not read through an index:\n\n"
                + String.join("\n\n", failures));
    }

    // --- the queries, as the endpoints issue them

    private static Map<String, Query> captureListQueries() throws Exception {
        SessionFactory sessionFactory = database.sessionFactory();
        CatalogDaoProbe catalog = new CatalogDaoProbe(sessionFactory);
        BookingDaoProbe booking = new BookingDaoProbe(sessionFactory);
        AccountDaoProbe accounts = new AccountDaoProbe(sessionFactory);
        PageRequest page = new PageRequest(1, 20);
        long service;
        List<Long> serviceResources = new ArrayList<>();
        try (Connection c = target.connect(); Statement s = c.createStatement()) {
            // The active service offered by most active resources: what availability typically looks at.
            try (ResultSet rs = s.executeQuery("select rs.service_id from resource_services rs "
                    + "join services sv on sv.id = rs.service_id join resources r on r.id = rs.resource_id "
                    + "where sv.active and r.active group by rs.service_id order by count(*) desc, rs.service_id limit 1")) {
                rs.next();
                service = rs.getLong(1);
            }
            try (ResultSet rs = s.executeQuery("select resource_id from resource_services rs join resources r "
                    + "on r.id = rs.resource_id where r.active and service_id = " + service + " order by resource_id")) {
                while (rs.next()) {
                    serviceResources.add(rs.getLong(1));
                }
            }
        }
        Instant now = Instant.now();
        Instant weekAgo = now.truncatedTo(ChronoUnit.DAYS).minus(7, ChronoUnit.DAYS);
        Instant inThreeDays = now.truncatedTo(ChronoUnit.DAYS).plus(3, ChronoUnit.DAYS);
        long customer = 1234;
        long resource = serviceResources.get(0);

        Map<String, Query> queries = new LinkedHashMap<>();
        List<String> svc = List.of("services");
        List<String> svcLinks = List.of("services", "resource_services");
        List<String> res = List.of("resources");
        List<String> resLinks = List.of("resources", "resource_services");
        List<String> appt = List.of("appointments");

        capture(queries, () -> catalog.categories(page), tiny("categories: page", List.of("categories")),
                tiny("categories: count", List.of("categories")));
        for (String sort : List.of("name", "-name", "price", "-price", "durationMinutes", "-durationMinutes")) {
            capture(queries, () -> catalog.services(null, null, sort, page),
                    tiny("services sort=" + sort + ": page of ids", svc), tiny("services: count", svc),
                    tiny("services: fetch page by ids (with category and resources)", svcLinks));
        }
        capture(queries, () -> catalog.services(3L, null, "name", page),
                tiny("services categoryId=3 sort=name: page of ids", svc), tiny("services categoryId=3: count", svc),
                tiny("services: fetch page by ids (with category and resources)", svcLinks));
        String[] serviceBtrees = {"services_active_name_idx", "services_active_price_idx", "services_active_duration_idx",
                "services_category_name_idx"};
        capture(queries, () -> catalog.services(null, "mass", "name", page),
                textSearch("services q=mass sort=name: page of ids", "services", "services_name_trgm_idx", serviceBtrees),
                textSearch("services q=mass: count", "services", "services_name_trgm_idx", serviceBtrees),
                tiny("services: fetch page by ids (with category and resources)", svcLinks));
        capture(queries, () -> catalog.resources(null, null, null, page),
                tiny("resources: page of ids", res), tiny("resources: count", res),
                tiny("resources: fetch page by ids (with services)", resLinks));
        capture(queries, () -> catalog.resources("ROOM", null, null, page),
                tiny("resources kind=ROOM: page of ids", res), tiny("resources kind=ROOM: count", res),
                tiny("resources: fetch page by ids (with services)", resLinks));
        capture(queries, () -> catalog.resources(null, service, null, page),
                tiny("resources serviceId=" + service + ": page of ids", resLinks),
                tiny("resources serviceId=" + service + ": count", resLinks),
                tiny("resources: fetch page by ids (with services)", resLinks));
        String[] resourceBtrees = {"resources_active_name_idx", "resources_kind_name_idx"};
        capture(queries, () -> catalog.resources(null, null, "ana", page),
                textSearch("resources q=ana: page of ids", "resources", "resources_name_trgm_idx", resourceBtrees),
                textSearch("resources q=ana: count", "resources", "resources_name_trgm_idx", resourceBtrees),
                tiny("resources: fetch page by ids (with services)", resLinks));

        capture(queries, () -> booking.appointments(null, null, null, null, null, null, page),
                appointmentPage("appointments (staff, unfiltered)"));
        capture(queries, () -> booking.appointments(null, null, null, null, null, customer, page),
                appointmentPage("appointments of a customer (what a user sees)"));
        // A customer's upcoming appointments (about 11), in full pages of 5.
        capture(queries, () -> booking.appointments(now, null, null, null, null, customer, new PageRequest(1, 5)),
                appointmentPage("appointments of a customer from=now (a user's upcoming)"));
        capture(queries, () -> booking.appointments(null, null, null, resource, null, null, page),
                appointmentPage("appointments resourceId"));
        capture(queries, () -> booking.appointments(weekAgo, weekAgo.plus(7, ChronoUnit.DAYS), null, resource, null,
                        null, page),
                appointmentPage("appointments resourceId from/to (a resource's calendar)"));
        capture(queries, () -> booking.appointments(null, null, "CANCELLED", null, null, null, page),
                appointmentPage("appointments status=CANCELLED"));
        capture(queries, () -> booking.appointments(null, null, null, null, service, null, page),
                appointmentPage("appointments serviceId"));
        capture(queries, () -> booking.appointments(weekAgo, weekAgo.plus(7, ChronoUnit.DAYS), null, null, null, null,
                        page),
                appointmentPage("appointments from/to (one week)"));
        // Keyset pages (after a cursor): the page with its summaries, never a count.
        int size = page.size();
        capture(queries, () -> booking.appointmentsAfter(null, null, null, null, null, null, size, weekAgo, 1),
                keysetPage("appointments (staff, unfiltered) after a cursor"));
        capture(queries, () -> booking.appointmentsAfter(null, null, null, null, null, customer, size, weekAgo, 1),
                keysetPage("appointments of a customer after a cursor"));
        capture(queries, () -> booking.appointmentsAfter(null, null, null, resource, null, null, size, weekAgo, 1),
                keysetPage("appointments resourceId after a cursor"));
        capture(queries, () -> booking.appointmentsAfter(weekAgo, weekAgo.plus(7, ChronoUnit.DAYS), null, resource,
                        null, null, size, weekAgo, 1),
                keysetPage("appointments resourceId from/to after a cursor"));
        capture(queries, () -> booking.appointmentsAfter(null, null, "CANCELLED", null, null, null, size, weekAgo, 1),
                keysetPage("appointments status=CANCELLED after a cursor"));
        capture(queries, () -> booking.appointmentsAfter(null, null, null, null, service, null, size, weekAgo, 1),
                keysetPage("appointments serviceId after a cursor"));
        capture(queries, () -> booking.appointmentsAfter(weekAgo, weekAgo.plus(7, ChronoUnit.DAYS), null, null, null,
                        null, size, weekAgo, 1),
                keysetPage("appointments from/to after a cursor"));
        capture(queries, () -> booking.serviceWithResources(service),
                tiny("availability: the service with its resources", svcLinks));
        capture(queries, () -> booking.busy(serviceResources, inThreeDays, inThreeDays.plus(1, ChronoUnit.DAYS)),
                big("availability: busy intervals of the service's resources on one day", appt));
        List<String> scheduling = List.of("time_off", "date_overrides");
        capture(queries, () -> catalog.scheduleExceptions(serviceResources, inThreeDays, inThreeDays.plus(1, ChronoUnit.DAYS)),
                tiny("availability: time off and date overrides of the service's resources on one day", scheduling));
        Instant monthAgo = now.truncatedTo(ChronoUnit.DAYS).minus(31, ChronoUnit.DAYS);
        Instant monthEnd = monthAgo.plus(31, ChronoUnit.DAYS);
        capture(queries, () -> booking.busy(serviceResources, monthAgo, monthEnd),
                big("availability over 31 days: busy intervals of the service's resources", appt));
        capture(queries, () -> catalog.scheduleExceptions(serviceResources, monthAgo, monthEnd),
                tiny("availability over 31 days: time off and date overrides of the service's resources", scheduling));
        capture(queries, () -> catalog.offeredSchedule(resource, service, inThreeDays.plus(10, ChronoUnit.HOURS),
                        inThreeDays.plus(10, ChronoUnit.HOURS).plus(30, ChronoUnit.MINUTES)),
                tiny("a booking: the resource's link to the service, its time off and date overrides then",
                        List.of("resource_services", "time_off", "date_overrides")));
        Instant yearAgo = now.truncatedTo(ChronoUnit.DAYS).minus(200, ChronoUnit.DAYS);
        capture(queries, () -> catalog.timeOff(resource, yearAgo, now),
                tiny("time off of a resource over a span (staff's list)", List.of("time_off")));
        capture(queries, () -> catalog.dateOverrides(resource, yearAgo, now),
                tiny("date overrides of a resource between two dates", List.of("date_overrides")));
        capture(queries, () -> catalog.confirmedAppointments(resource, now, now.plus(14, ChronoUnit.DAYS)),
                big("a new time off: the resource's confirmed appointments inside it (view resource_bookings)", appt));
        // Calendar feeds: the feed by its secret's hash, then its appointments from 30 days back (a customer's own,
        // or a resource's with each customer's name); one appointment as text/calendar.
        byte[] feedHash = MessageDigest.getInstance("SHA-256").digest("feed-5".getBytes(StandardCharsets.UTF_8));
        capture(queries, () -> booking.calendarFeed(feedHash),
                tiny("calendar feed by secret hash", List.of("calendar_feeds", "resources")));
        Instant feedFrom = now.minus(30, ChronoUnit.DAYS);
        capture(queries, () -> booking.calendarFeedEvents(customer, null, feedFrom),
                new Step("calendar feed of a customer: appointments from 30 days back with their summaries",
                        Mode.JOINED, List.of("appointments", "services", "resources"), "appointments_customer_starts_idx",
                        List.of()));
        capture(queries, () -> booking.calendarFeedEvents(null, resource, feedFrom),
                new Step("calendar feed of a resource: appointments from 30 days back with their summaries and customers",
                        Mode.JOINED, List.of("appointments", "users", "services", "resources"),
                        "appointments_resource_starts_idx", List.of()));
        capture(queries, () -> booking.calendarEvent(1234),
                joined("one appointment as text/calendar"));
        byte[] hash = MessageDigest.getInstance("SHA-256").digest("token-5".getBytes(StandardCharsets.UTF_8));
        capture(queries, () -> accounts.tokenByHash(hash) ? 1 : 0,
                big("token lookup by hash (a token not in the node's near cache)", List.of("api_tokens")));
        return queries;
    }

    /**
     * A page of appointments as the endpoint shows it, in one statement: the page, the summaries of its services,
     * resources and customers joined from the views the catalog and account features publish (by primary key, for
     * the page's rows only), and its bounded count (here always asked: every page is offset 0 and within the bound).
     * Appointments must be read through an index in the natural plan; the summaries' tables (2,000 users, 200
     * services, 60 resources) may be hashed whole for a page of rows, so their keys are judged with enable_seqscan off.
     */
    private static Step appointmentPage(String name) {
        return joined(name + ": page with its summaries and bounded count");
    }

    /** A keyset page: the page after the cursor with its summaries; never a count. */
    private static Step keysetPage(String name) {
        return joined(name + ": keyset page with its summaries");
    }

    private static Step joined(String name) {
        return new Step(name, Mode.JOINED, List.of("appointments", "users", "services", "resources"), null, List.of());
    }

    private static Step tiny(String name, List<String> tables) {
        return new Step(name, Mode.TINY, tables, null, List.of());
    }

    private static Step big(String name, List<String> tables) {
        return new Step(name, Mode.NATURAL, tables, null, List.of());
    }

    private static Step textSearch(String name, String table, String expectedIndex, String... hiddenIndexes) {
        return new Step(name, Mode.TEXT_SEARCH, List.of(table), expectedIndex, List.of(hiddenIndexes));
    }

    /** Runs one DAO call in a read-only unit of work, as a GET request does, and files the SQL it issued. */
    private static void capture(Map<String, Query> queries, IntSupplier call, Step... steps) {
        SessionFactory sessionFactory = database.sessionFactory();
        Session session = sessionFactory.openSession();
        session.setDefaultReadOnly(true);
        session.setHibernateFlushMode(FlushMode.MANUAL);
        ManagedSessionContext.bind(session);
        List<String> statements;
        int[] found = new int[1];
        try {
            session.beginTransaction();
            statements = database.statementCounter().record(() -> found[0] = call.getAsInt());
        } finally {
            if (session.getTransaction().isActive()) {
                session.getTransaction().rollback();
            }
            ManagedSessionContext.unbind(sessionFactory);
            session.close();
        }
        assertTrue(found[0] > 0, steps[0].name() + " found nothing: the data set does not exercise it");
        assertEquals(steps.length, statements.size(), steps[0].name() + ": expected " + steps.length
                + " statements, Hibernate issued " + statements);
        for (int i = 0; i < steps.length; i++) {
            Query query = queries.computeIfAbsent(statements.get(i), Query::new);
            if (!query.names.contains(steps[i].name())) {
                query.names.add(steps[i].name());
            }
            query.tables.addAll(steps[i].tables());
            if (steps[i].mode().compareTo(query.mode) > 0) {
                query.mode = steps[i].mode();
            }
            if (steps[i].expectedIndex() != null) {
                query.expectedIndex = steps[i].expectedIndex();
                query.hiddenIndexes = steps[i].hiddenIndexes();
            }
        }
    }

    // --- EXPLAIN

    /** Index name to table name, for this schema's indexes (constraint indexes included). */
    private static Map<String, String> indexTables() throws SQLException {
        Map<String, String> tables = new HashMap<>();
        try (Connection c = target.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select indexname, tablename from pg_indexes where schemaname = current_schema()")) {
            while (rs.next()) {
                tables.put(rs.getString(1), rs.getString(2));
            }
        }
        return tables;
    }

    /** The generic plan of this JDBC statement: prepared with $n parameters, explained with null arguments. */
    private static Plan explain(Connection c, String sql, boolean seqScanOff, List<String> hiddenIndexes) throws Exception {
        int[] parameters = new int[1];
        String prepared = numberParameters(sql, parameters);
        String arguments = parameters[0] == 0 ? "" : "(" + String.join(", ", Collections.nCopies(parameters[0], "null")) + ")";
        try (Statement s = c.createStatement()) {
            s.execute("set local plan_cache_mode = force_generic_plan");
            s.execute("set local enable_seqscan = " + (seqScanOff ? "off" : "on"));
            for (String index : hiddenIndexes) {
                s.execute("drop index " + index);
            }
            s.execute("prepare citas_explain as " + prepared);
            StringBuilder text = new StringBuilder();
            try (ResultSet rs = s.executeQuery("explain execute citas_explain" + arguments)) {
                while (rs.next()) {
                    text.append(text.length() == 0 ? "" : "\n").append(rs.getString(1));
                }
            }
            JsonNode json;
            try (ResultSet rs = s.executeQuery("explain (format json) execute citas_explain" + arguments)) {
                rs.next();
                json = JSON.readTree(rs.getString(1));
            }
            List<String[]> scans = new ArrayList<>();
            collectScans(json.get(0).get("Plan"), scans);
            // PREPARE is not transactional: the statement would outlive the rollback.
            s.execute("deallocate citas_explain");
            return new Plan(text.toString(), scans);
        } finally {
            c.rollback();
        }
    }

    /** Every node reading a relation or an index: {node type, relation, index}. */
    private static void collectScans(JsonNode node, List<String[]> scans) {
        String type = node.path("Node Type").asText();
        if (node.has("Relation Name") || node.has("Index Name")) {
            scans.add(new String[] {type, node.path("Relation Name").asText(null), node.path("Index Name").asText(null)});
        }
        for (JsonNode child : node.path("Plans")) {
            collectScans(child, scans);
        }
    }

    /** JDBC's ? placeholders to PREPARE's $1..$n (outside string literals). */
    static String numberParameters(String sql, int[] count) {
        StringBuilder out = new StringBuilder(sql.length() + 16);
        boolean quoted = false;
        for (int i = 0; i < sql.length(); i++) {
            char ch = sql.charAt(i);
            if (ch == '\'') {
                quoted = !quoted;
            }
            if (ch == '?' && !quoted) {
                out.append('$').append(++count[0]);
            } else {
                out.append(ch);
            }
        }
        return out.toString();
    }

    // --- the report

    private static void writeReport(String summary, String details, int queryCount) throws Exception {
        StringBuilder report = new StringBuilder();
        report.append("# Index usage of the list queries\n\n")
                .append("Generated by `src/test/java/app/citas/it/IndexUsageIT.java`; do not edit by hand. Regenerate with\n\n")
                .append("```bash\nmvn -B verify -Dit.test=IndexUsageIT -Dtest=NoSuchTest -Dsurefire.failIfNoSpecifiedTests=false "
                        + "-Dcitas.writeDocs=true\n```\n\n")
                .append("The test applies the real Liquibase changelog, generates the data set below with set-based SQL, ")
                .append("runs every list query of the DAOs through Hibernate exactly as the endpoints do, records the SQL ")
                .append("Hibernate generated, and EXPLAINs it. It fails if a table a query filters or sorts is not read ")
                .append("through one of its indexes.\n\n")
                .append("* **Generic plans.** Each statement is `PREPARE`d with its JDBC `?` turned into `$n` and explained with ")
                .append("`plan_cache_mode = force_generic_plan` (`EXPLAIN EXECUTE` with null arguments): the plan a prepared ")
                .append("statement gets whatever its parameter values, so `$n` appears in the plans. Costs vary from run to run.\n")
                .append("* **Catalog tables are tiny** (").append(SERVICES).append(" services, ").append(RESOURCES)
                .append(" resources, ").append(CATEGORIES).append(" categories): there a sequential scan is the planner's right ")
                .append("choice, so their usability is judged on the plan with `SET enable_seqscan = off`; the natural plan ")
                .append("is shown too.\n")
                .append("* **Appointments and tokens** are judged on the natural plan. A page of appointments is one ")
                .append("statement joining the summaries of its rows (services, resources, users through the views their ")
                .append("features publish): appointments are judged on its natural plan, the summaries' small tables ")
                .append("(which the planner may hash whole for a page of rows) with `enable_seqscan = off`.\n\n");
        report.append("## Data set\n\n").append(dataSet()).append("\n");
        report.append("""
                ## Known limits (read the plans with these in mind)

                * **Appointment totals are bounded counts.** `GET /appointments` counts its total no further than \
                `CITAS_APPOINTMENTS_COUNT_LIMIT` (1000), inside the page's own statement (a scalar subquery, run once: \
                `select count(*) from (select … order by starts_at, id limit 1001)`, the page query's own index walked in \
                the same order, stopping after the bound + 1 rows), whenever a full page would not already prove more \
                than the bound. So even the unfiltered (staff) count reads at most 1,001 index entries; beyond the bound \
                the body says `"totalExact": false`. Only an empty page past the end of a list counts in a statement \
                of its own.
                * **Keyset pages** (`after`) read `(starts_at, id) > ($a, $b)` as a row comparison, which the \
                `(…, starts_at, id)` indexes answer by seeking straight to the cursor, and are never counted.
                * **The busy-interval query of availability is bounded on both sides** by `starts_at`: it reads the \
                appointments whose blocked ranges (the appointment widened by its own buffers, at most 240 minutes each \
                side) may overlap the span, `starts_at < :to + 240 minutes and ends_at > :from - 240 minutes`, and asks \
                `starts_at > :from - 240 - 480 minutes` (the longest buffer and service the schema allows), so \
                `appointments_resource_starts_idx` reads the asked span per resource (one day, or at most 31 for a \
                range), not its history; the exact overlap of blocked ranges is decided in Java. The database's own \
                check of blocked ranges is the exclusion constraint's GiST index on `(resource_id, \
                appointment_blocked_range(starts_at, ends_at, buffer_before_minutes, buffer_after_minutes))`.
                * **Time off is read by `(resource_id, ends_at)`**: `ends_at > :from and starts_at < :to` seeks past a \
                resource's finished time off, so lists and availability read its current and future entries, not its \
                history; date overrides by their primary key `(resource_id, day)`. Both tables are small (a few rows per \
                resource a month), so, like the catalog's, they are judged with `enable_seqscan = off`. A new time off \
                lists the confirmed appointments inside it through the view booking publishes (`resource_bookings`), \
                bounded below like the busy-interval query.
                * **Generic plans estimate `LIMIT $n` and `OFFSET $n` as 10% of the rows**, so page queries show larger \
                row estimates than a real page of 20; the access paths are what matter here. Appointment pages write \
                their limit and offset as literals (numbers Citas computed), so their plans know the page is small.

                """);
        report.append("## Summary\n\n").append(queryCount).append(" distinct SQL statements.\n\n")
                .append("| # | query | plan judged | index used on the judged tables | verdict |\n|---|---|---|---|---|\n")
                .append(summary);
        report.append("\n## Plans\n").append(details);
        Path build = Path.of(System.getProperty("citas.buildDir", "target"));
        Files.createDirectories(build);
        Path written = Files.writeString(build.resolve("indexes.md"), report.toString(), StandardCharsets.UTF_8);
        if (Boolean.getBoolean("citas.writeDocs")) {
            Path docs = Path.of("docs");
            Files.createDirectories(docs);
            Files.copy(written, docs.resolve("indexes.md"), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static String dataSet() throws SQLException, IOException {
        StringBuilder out = new StringBuilder();
        try (Connection c = target.connect(); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("select version()")) {
                rs.next();
                out.append("Server: ").append(rs.getString(1)).append(" (").append(target.description()).append(").\n\n");
            }
            out.append("| table | rows |\n|---|---|\n");
            for (String table : List.of("categories", "services", "resources", "resource_services", "users", "api_tokens",
                    "appointments", "time_off", "date_overrides")) {
                try (ResultSet rs = s.executeQuery("select count(*) from " + table)) {
                    rs.next();
                    out.append("| ").append(table).append(" | ").append(rs.getLong(1)).append(" |\n");
                }
            }
            out.append("\nAppointments by status: ");
            List<String> statuses = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("select status, count(*) from appointments group by status order by 1")) {
                while (rs.next()) {
                    statuses.add(rs.getString(1) + " " + rs.getLong(2));
                }
            }
            out.append(String.join(", ", statuses)).append(". Each resource has one appointment every 4 hours over ~283 ")
                    .append("days (about 63 of them in the future), each of the ").append(USERS)
                    .append(" users about 51; each resource offers 5 to 20 services, has two days of time off every 30 ")
                    .append("days and special hours on one date a week. All tables were VACUUM ANALYZEd, as ")
                    .append("autovacuum would have done");
            try (ResultSet rs = s.executeQuery("select relpages, relallvisible from pg_class "
                    + "where oid = 'appointments'::regclass")) {
                rs.next();
                out.append(" (appointments: ").append(rs.getLong(2)).append(" of ").append(rs.getLong(1))
                        .append(" pages all-visible, so index-only scans are possible)");
            }
            out.append(".\n");
        }
        return out.toString();
    }
}
