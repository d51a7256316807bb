package app.citas.inprocess;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.citas.dev.Reply;
import app.citas.testing.CitasExtension;
import app.citas.testing.Fixtures;
import app.citas.warmup.JerseyTarget;
import app.citas.warmup.Warmup;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.JMException;
import javax.management.ObjectName;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The warm-up against the real application (Jersey, PostgreSQL, Redis) in process, as the warming servlet drives
 * it: only GETs, no row changed in any table, no quota spent, and the catalog reads it made are cached afterwards.
 * Its budget runs on a clock that advances 1 ms per reading, so it makes a known number of requests without sleeping.
 */
class WarmupInProcessIT {
    /** Every request Jersey handles: "METHOD path". */
    private static final List<String> REQUESTS = new CopyOnWriteArrayList<>();

    @RegisterExtension
    static final CitasExtension CITAS = new CitasExtension(Map.of(), List.of(new Recorder()));
    private static final String[] REGIONS = {"services", "resources", "categories"};

    @BeforeAll
    static void catalog() {
        Fixtures fixtures = new Fixtures(CITAS.staff());
        long category = fixtures.category(Fixtures.unique("Warm"));
        long resource = fixtures.resource(Fixtures.unique("Chair"), "STAFF");
        fixtures.service(Fixtures.unique("Cut"), 30, "25.00", category, List.of(resource));
        fixtures.service(Fixtures.unique("Colour"), 60, "40.00", null, List.of(resource));
    }

    private static final class Recorder implements ContainerRequestFilter {
        @Override
        public void filter(ContainerRequestContext request) {
            REQUESTS.add(request.getMethod() + " " + request.getUriInfo().getPath());
        }
    }

    private static Warmup.Result warmUp() {
        AtomicLong nanos = new AtomicLong();
        Warmup warmup = new Warmup(new JerseyTarget(CITAS.applicationHandler(), URI.create("http://localhost/citas/api/v1/")),
                new ObjectMapper(), () -> nanos.addAndGet(Duration.ofMillis(1).toNanos()), LocalDate.now().plusDays(1));
        return warmup.run(Duration.ofMillis(60));
    }

    @Test
    void healthAnswersWarmingWhileTheNodeWarmsThenUp() {
        CITAS.readiness().markWarming();
        try {
            Reply warming = CITAS.api().get("/health");

            assertEquals(503, warming.status(), warming.toString());
            assertTrue(warming.body().contains("\"status\":\"WARMING\""), warming.body());
            assertEquals("1", warming.header("Retry-After"));
        } finally {
            CITAS.readiness().markReady();
        }
        Reply up = CITAS.api().get("/health");
        assertEquals(200, up.status(), up.toString());
        assertTrue(up.body().contains("\"status\":\"UP\""), up.body());
    }

    @Test
    void readsOnlyChangesNoRowAndSpendsNoQuotaAndLeavesTheReadsCached() throws Exception {
        Map<String, String> tables = tables();
        long quota = quotaDecisions();
        long transactionsBefore = CITAS.transactions();
        REQUESTS.clear();

        Warmup.Result result = warmUp();

        assertTrue(result.completed(), "no failure");
        assertTrue(result.requests() > 20, "requests: " + result.requests());
        assertEquals(result.requests(), REQUESTS.size(), "each request reached Jersey once: " + REQUESTS);
        assertEquals(List.of(), REQUESTS.stream().filter(r -> !r.startsWith("GET ")).toList(), "only GETs");
        for (String hot : List.of("GET services", "GET resources", "GET categories", "GET resources/",
                "GET services/", "/availability")) {
            assertTrue(REQUESTS.stream().anyMatch(r -> r.contains(hot)), hot + " in " + REQUESTS);
        }
        assertEquals(tables, tables(), "no row of any table changed");
        assertEquals(quota, quotaDecisions(), "no quota spent");
        assertTrue(CITAS.transactions() > transactionsBefore, "it did read the database (availability, misses)");

        long hits = hits();
        long misses = misses();
        for (String path : List.of("/services?page=1&size=20", "/resources?size=20", "/categories")) {
            Reply reply = CITAS.api().get(path);
            assertEquals(200, reply.status(), reply.body());
        }
        assertEquals(misses, misses(), "the pages it read are cached");
        assertEquals(hits + 3, hits());
    }

    @Test
    void anEmptyBudgetStillReadsThePagesOnce() {
        REQUESTS.clear();
        AtomicLong nanos = new AtomicLong();
        Warmup warmup = new Warmup(new JerseyTarget(CITAS.applicationHandler(), URI.create("http://localhost/citas/api/v1/")),
                new ObjectMapper(), nanos::get, LocalDate.now());

        Warmup.Result result = warmup.run(Duration.ZERO);

        assertTrue(result.completed());
        assertEquals(List.of("GET services", "GET resources"), REQUESTS);
    }

    private static long hits() {
        long sum = 0;
        for (String region : REGIONS) {
            sum += CITAS.cacheCounter(region, "Hits");
        }
        return sum;
    }

    private static long misses() {
        long sum = 0;
        for (String region : REGIONS) {
            sum += CITAS.cacheCounter(region, "Misses");
        }
        return sum;
    }

    /** Requests the quota filter allowed or refused so far, every role. */
    private static long quotaDecisions() throws JMException {
        long sum = 0;
        for (String role : List.of("Anonymous", "User", "Staff")) {
            for (String outcome : List.of("Allowed", "Refused")) {
                sum += ((Number) ManagementFactory.getPlatformMBeanServer()
                        .getAttribute(new ObjectName("citas:type=Quota"), outcome + role)).longValue();
            }
        }
        return sum;
    }

    /** Each table of the class's schema with its row count and a digest of its rows. */
    private static Map<String, String> tables() throws SQLException {
        Map<String, String> tables = new TreeMap<>();
        try (Connection connection = CITAS.jdbc(); Statement statement = connection.createStatement()) {
            List<String> names = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery("select table_name from information_schema.tables"
                    + " where table_schema = current_schema() and table_type = 'BASE TABLE'")) {
                while (rows.next()) {
                    names.add(rows.getString(1));
                }
            }
            assertTrue(names.contains("services"), "tables: " + names);
            for (String name : names) {
                try (ResultSet rows = statement.executeQuery("select count(*) || ' ' || coalesce(md5(string_agg(t::text,"
                        + " '|' order by t::text)), '') from \"" + name + "\" t")) {
                    rows.next();
                    tables.put(name, rows.getString(1));
                }
            }
        }
        return tables;
    }
}
