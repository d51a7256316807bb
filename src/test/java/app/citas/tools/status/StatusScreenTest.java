package app.citas.tools.status;

import static org.junit.jupiter.api.Assertions.assertTrue;

import app.citas.tools.status.Sample.CacheRegion;
import app.citas.tools.status.Sample.Connector;
import app.citas.tools.status.Sample.Executor;
import app.citas.tools.status.Sample.Heap;
import app.citas.tools.status.Sample.Pool;
import app.citas.tools.status.Sample.Quota;
import app.citas.tools.status.Sample.RoleCount;
import app.citas.tools.status.Sample.Statements;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatusScreenTest {
    private static final long SECOND = 1_000_000_000L;
    private final StatusScreen screen = new StatusScreen("127.0.0.1:9010 as monitor");

    private static Sample sample(long nanos, long requests, long errors, long hits, long misses, long refused,
                                 boolean redis, String quotaMode) {
        return new Sample(Instant.parse("2025-01-02T03:04:05Z"), nanos,
                List.of(new Executor("citasThreadPool", 3, 10, 50, 0)), new Heap(100L << 20, 400L << 20),
                List.of(new Connector("http-nio-127.0.0.1-8080", requests, errors, requests * 4)),
                List.of(new Pool("citas-db", 1, 4, 0, 5)),
                List.of(new CacheRegion("services", hits, misses, (double) hits / (hits + misses), 0, redis)),
                List.of(new Quota("", List.of(new RoleCount("anonymous", 50, refused), new RoleCount("user", 9, 0),
                        new RoleCount("staff", 1, 0)), quotaMode, "{ANON=100, USER=1000, STAFF=5000}")),
                List.of(new Statements("", 1000 + requests)));
    }

    @Test
    void countersBecomeRatesOverTheGapBetweenSamples() {
        String out = screen.render(sample(0, 100, 2, 90, 10, 1, true, "shared"),
                sample(5 * SECOND, 150, 5, 130, 20, 4, true, "shared"));
        assertTrue(out.startsWith("Citas  127.0.0.1:9010 as monitor  2025-01-02 03:04:05Z  (rates over the last 5.0 s)"),
                out);
        assertTrue(out.contains("Threads    citasThreadPool: 3 busy of 10 started (max 50), queue 0"), out);
        assertTrue(out.contains("http-nio-127.0.0.1-8080: 10.0 req/s, 3 errors (status >= 400) in 5.0 s, avg 4.0 ms;"
                + " 150 requests, 5 errors since start"), out);
        assertTrue(out.contains("Heap       100 MiB used of 400 MiB (25%)"), out);
        assertTrue(out.contains("DB pool    citas-db: 1 active, 4 idle, 0 waiting, 5 total"), out);
        assertTrue(out.contains("SQL        10.0 statements/s; 1150 since start"), out);
        assertTrue(out.contains("services       86.7%            80.0% of 50 reads"), out);
        assertTrue(out.contains("anonymous      50               4 (+3)"), out);
        assertTrue(out.contains("Redis      reachable; quota buckets shared in Redis"), out);
    }

    @Test
    void aCounterThatWentBackWasResetSoAllOfItIsNew() {
        String out = screen.render(sample(0, 500, 9, 90, 10, 1, true, "shared"),
                sample(2 * SECOND, 20, 1, 90, 10, 1, true, "shared"));
        assertTrue(out.contains("10.0 req/s, 1 errors"), out);
    }

    @Test
    void redisTroubleStandsOut() {
        Sample down = sample(SECOND, 0, 0, 0, 0, 0, false, "local");
        String out = screen.render(down, down);
        assertTrue(out.contains("Redis      UNREACHABLE (cache bypassed, reads go to PostgreSQL); quota buckets LOCAL"
                + " (per node, Redis unreachable)"), out);
        assertTrue(out.contains("no reads"), out);
    }

    @Test
    void missingMBeansAreSaidNotHidden() {
        Sample empty = new Sample(Instant.EPOCH, 0, List.of(), null, List.of(), List.of(), List.of(), List.of(),
                List.of());
        String out = screen.render(empty, empty);
        assertTrue(out.contains("Threads    no thread-pool executor MBean"), out);
        assertTrue(out.contains("no HikariCP pool MBean"), out);
        assertTrue(out.contains("no citas:type=Cache MBeans"), out);
        assertTrue(out.contains("Redis      unknown: no Citas MBeans"), out);
    }
}
