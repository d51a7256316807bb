package app.citas.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import app.citas.dev.Api;
import app.citas.dev.Ledger;
import app.citas.dev.MixedLoad;
import app.citas.dev.MixedLoad.Lane;
import app.citas.dev.MixedLoad.Window;
import app.citas.dev.Reply;
import app.citas.stack.TestStack;
import app.citas.testing.Fixtures;
import app.citas.testing.Thorough;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Faults under a steady mixed load (catalog reads, availability, bookings by several customers) on a private stack
 * whose embedded PostgreSQL, Redis and Tomcat the tests stop, lock, kill and start again. What is asserted are counts:
 * 5xx answers, answers that never came, bookings answered 201 and what the database holds afterwards. The latency
 * figures of each phase are printed and written to target/faults/ for docs/reliability.md. Supersedes OutageIT: its
 * checks of /health (DEGRADED, DOWN) and of sign-in during an outage are made here, under load.
 *
 * <p>The default run keeps the outages just long enough for what they prove: Redis stays down 12 s (over two of the
 * circuit's 5 s retry intervals, so failed trial calls are seen too), PostgreSQL 8 s (four times the pool's 2 s
 * connection timeout), each fault after 4 s of steady load. The thorough run ({@code mvn verify -Pthorough}) keeps
 * the longer ones: Redis 30 s, PostgreSQL 15 s, 6 s of load before each fault. The assertions are the same.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultsIT {
    private static final int POOL_SIZE = 5;
    private static final Duration CONNECTION_TIMEOUT = Duration.ofMillis(2000);
    private static final Duration STATEMENT_TIMEOUT = Duration.ofMillis(5000);
    private static final int REQUESTS_PER_SECOND = 20;
    private static final int LANES = 4;
    private static final AtomicInteger RUN = new AtomicInteger();
    /** Steady load before each fault, so the "before" window has every kind of request, bookings included. */
    private static final int LOAD_BEFORE_SECONDS = Thorough.pick(4, 6);
    private static final int REDIS_OUTAGE_SECONDS = Thorough.pick(12, 30);
    private static final int POSTGRES_OUTAGE_SECONDS = Thorough.pick(8, 15);

    private TestStack stack;
    private Api staff;

    @BeforeAll
    void startPrivateStack() throws Exception {
        assumeTrue(System.getenv("CITAS_TEST_DB_URL") == null && System.getenv("CITAS_TEST_REDIS_URL") == null,
                "needs embedded PostgreSQL and Redis it may stop");
        stack = TestStack.start(Map.of("CITAS_QUOTA_ANONYMOUS_PER_HOUR", "10000000",
                "CITAS_QUOTA_USER_PER_HOUR", "10000000", "CITAS_QUOTA_STAFF_PER_HOUR", "10000000",
                "CITAS_DB_POOL_SIZE", String.valueOf(POOL_SIZE),
                "CITAS_DB_CONNECTION_TIMEOUT_MS", String.valueOf(CONNECTION_TIMEOUT.toMillis()),
                "CITAS_DB_STATEMENT_TIMEOUT_MS", String.valueOf(STATEMENT_TIMEOUT.toMillis()),
                // A few customers book all the load's appointments: the slot-hoarding cap would refuse them.
                "CITAS_MAX_UPCOMING_APPOINTMENTS_PER_CUSTOMER", "100000"));
        staff = stack.api().as(stack.staffToken("faults-staff"));
    }

    @AfterAll
    void stopPrivateStack() throws Exception {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    @Order(1)
    void redisDownCostsNo5xxAndQuotasAndCacheComeBack() throws Exception {
        MixedLoad load = startLoad("redis");
        sleep(LOAD_BEFORE_SECONDS);
        assertEquals("shared", quotaMode());
        long outageStart = System.nanoTime();
        stack.embeddedRedis().stop();
        sleep(3);
        Reply health = stack.api().get("/health");
        assertEquals(200, health.status());
        assertEquals("DEGRADED", health.json().get("status").asText());
        assertEquals("DOWN", health.json().get("checks").get("redis").asText());
        assertEquals("local", quotaMode(), "quotas fall back to local buckets");
        assertEquals(false, stack.jmxAttribute("citas:type=Cache,name=services", "RedisReachable"));
        long hitsDuringOutage = cacheHits();
        sleep(REDIS_OUTAGE_SECONDS - 3);
        assertEquals(hitsDuringOutage, cacheHits(), "the cache is bypassed while Redis is down");
        stack.embeddedRedis().restart();
        long outageEnd = System.nanoTime();
        // The circuit lets a trial call through after CITAS_REDIS_RETRY_INTERVAL_MS (5 s).
        awaitTrue(Duration.ofSeconds(20), () -> "shared".equals(quotaMode()), "quotas back on shared buckets");
        long hitsAfterRecovery = cacheHits();
        sleep(8);
        load.stop();
        assertTrue(cacheHits() > hitsAfterRecovery, "the cache is used again");

        report("redis", load, outageStart, outageEnd);
        Window all = load.all();
        assertEquals(0, all.serverErrors(), "no 5xx while Redis is down: " + load.lastUnexpected());
        assertEquals(0, all.errors(), "no failed request at all: " + all.byStatus() + " " + load.lastUnexpected());
        assertEverything201IsStored(load, 0);
    }

    @Test
    @Order(2)
    void databaseDownAnswers503QuicklyAndTheServiceRecoversByItself() throws Exception {
        MixedLoad load = startLoad("postgres");
        sleep(LOAD_BEFORE_SECONDS);
        long outageStart = System.nanoTime();
        stack.stopDatabase();
        Reply health = stack.api().get("/health");
        assertEquals(503, health.status());
        assertEquals("DOWN", health.json().get("status").asText());
        Reply signIn = stack.api().post("/auth/token", Map.of("username", "x", "password", "y"));
        assertEquals(503, signIn.status(), signIn.body());
        assertTrue(!signIn.body().contains("Exception") && !signIn.body().contains("jdbc"), signIn.body());
        sleep(POSTGRES_OUTAGE_SECONDS);
        long outageEnd = System.nanoTime();
        stack.restartDatabase();
        awaitTrue(Duration.ofSeconds(60), () -> stack.api().get("/health").status() == 200, "/health is 200 again");
        long recovered = System.nanoTime();
        sleep(10);
        load.stop();

        report("postgres", load, outageStart, recovered);
        Window all = load.all();
        Window outage = load.window(outageStart, outageEnd);
        assertEquals(0, all.status(MixedLoad.NO_ANSWER) + all.status(MixedLoad.TIMED_OUT), "no request hangs or is cut");
        assertEquals(all.serverErrors(), all.status(503), "the only 5xx is 503: " + all.byStatus() + " "
                + load.lastUnexpected());
        assertTrue(outage.status(503) > 0, "requests needing the database get 503 during the outage");
        assertTrue(outage.ofKind("catalog").status(200) > 0, "cached catalog pages still answer");
        assertAll503AreProblemsWithRetryAfter(all);
        assertTrue(outage.maxMillis() < CONNECTION_TIMEOUT.toMillis() + 3000,
                "answered within the pool's timeout: " + outage.summary());
        // A pooled connection that died with the server fails its next use; give the pool a moment to replace them.
        Window settled = load.window(recovered + 5_000_000_000L, Long.MAX_VALUE);
        assertEquals(0, settled.errors(), "recovered by itself: " + settled.byStatus());
        assertTrue(settled.ofKind("booking").status(201) > 0, "bookings succeed again");
        assertEverything201IsStored(load, ambiguousBookings(all));
    }

    @Test
    @Order(3)
    void exhaustedPoolAnswers503QuicklyAndTheStatementTimeoutFreesIt() throws Exception {
        MixedLoad load = startLoad("pool");
        String burstPath = "/services/" + MixedLoad.createLanes(staff, stack.api(), "faults-burst-"
                + ProcessHandle.current().pid(), 1).get(0).serviceId() + "/availability?date="
                + LocalDate.now(Fixtures.MADRID).plusDays(2);
        sleep(LOAD_BEFORE_SECONDS);
        long holdStart = System.nanoTime();
        int burst = 3 * POOL_SIZE;
        List<long[]> burstAnswers;
        long longestQueryMillis;
        try (Connection locker = stack.jdbc(); Statement lock = locker.createStatement()) {
            locker.setAutoCommit(false);
            // Every query on appointments (availability, bookings) now waits on this lock, holding its connection.
            lock.execute("LOCK TABLE appointments IN ACCESS EXCLUSIVE MODE");
            Duration hold = STATEMENT_TIMEOUT.plus(CONNECTION_TIMEOUT).plusSeconds(2);
            ExecutorService callers = Executors.newFixedThreadPool(burst + 1);
            try {
                Future<Long> longest = callers.submit(() -> longestActiveQueryMillis(hold));
                burstAnswers = burst(callers, burstPath, burst);
                longestQueryMillis = longest.get();
            } finally {
                callers.shutdownNow();
            }
            locker.rollback();
        }
        long holdEnd = System.nanoTime();
        sleep(8);
        load.stop();

        report("pool", load, holdStart, holdEnd);
        String burstFigures = burstAnswers.stream().map(a -> a[0] + ":" + a[1] + "ms").toList().toString();
        write("pool-burst", "burst of " + burst + " availability requests while appointments was locked "
                + "(status:latency): " + burstFigures + "\nlongest app query seen in pg_stat_activity: "
                + longestQueryMillis + " ms\n");
        assertTrue(burstAnswers.stream().allMatch(a -> a[0] == 503), "all 503 while the lock is held: " + burstFigures);
        long quick = burstAnswers.stream().filter(a -> a[1] < CONNECTION_TIMEOUT.toMillis() + 3000).count();
        assertTrue(quick >= burst - POOL_SIZE, "the excess gets a 503 within the pool's timeout: " + burstFigures);
        assertTrue(burstAnswers.stream().allMatch(a -> a[1] < STATEMENT_TIMEOUT.plus(CONNECTION_TIMEOUT).toMillis() + 3000),
                "no request waits longer than pool wait + statement timeout: " + burstFigures);
        assertTrue(longestQueryMillis >= 1000, "queries really blocked on the lock: " + longestQueryMillis + " ms");
        assertTrue(longestQueryMillis < STATEMENT_TIMEOUT.toMillis() + 1500,
                "the statement timeout bounds every query: " + longestQueryMillis + " ms");

        Window all = load.all();
        assertEquals(0, all.status(MixedLoad.NO_ANSWER) + all.status(MixedLoad.TIMED_OUT), "no request hangs");
        assertEquals(all.serverErrors(), all.status(503), "the only 5xx is 503: " + load.lastUnexpected());
        assertAll503AreProblemsWithRetryAfter(all);
        Window after = load.window(holdEnd + 2_000_000_000L, Long.MAX_VALUE);
        assertEquals(0, after.errors(), "normal service after: " + after.byStatus());
        assertTrue(after.ofKind("booking").status(201) > 0, "bookings succeed again");
        assertEverything201IsStored(load, 0);
    }

    @Test
    @Order(4)
    void killedTomcatLosesNoAcceptedBookingAndStoresNoneTwice() throws Exception {
        MixedLoad load = startLoad("kill");
        sleep(LOAD_BEFORE_SECONDS);
        long killed = System.nanoTime();
        stack.killTomcat();
        stack.restartTomcat();
        long restarted = System.nanoTime();
        sleep(8);
        load.stop();

        report("kill", load, killed, restarted);
        Window all = load.all();
        assertEquals(0, all.status(500), "no 500: " + load.lastUnexpected());
        assertTrue(load.window(Long.MIN_VALUE, killed).ofKind("booking").status(201) > 0, "bookings accepted before the kill");
        Window after = load.window(restarted + 2_000_000_000L, Long.MAX_VALUE);
        assertEquals(0, after.errors(), "normal service after the restart: " + after.byStatus());
        assertTrue(after.ofKind("booking").status(201) > 0, "bookings succeed after the restart");
        assertEverything201IsStored(load, ambiguousBookings(all));
    }

    private MixedLoad startLoad(String name) {
        String prefix = "faults-" + name + "-" + ProcessHandle.current().pid();
        List<Lane> lanes = MixedLoad.createLanes(staff, stack.api(), prefix, LANES);
        // Each run books its own days, so no run's customers ever meet another run's appointments.
        LocalDate firstDay = LocalDate.now(Fixtures.MADRID).plusDays(1 + 60L * RUN.getAndIncrement());
        return new MixedLoad(stack.baseUrl(), lanes, firstDay, REQUESTS_PER_SECOND, 32, Duration.ofSeconds(20))
                .start(Duration.ofMinutes(3));
    }

    /** Bookings whose outcome the client cannot know: no answer, or a failure after the commit may have happened. */
    private static long ambiguousBookings(Window all) {
        Window bookings = all.ofKind("booking");
        return bookings.status(MixedLoad.NO_ANSWER) + bookings.status(MixedLoad.TIMED_OUT) + bookings.serverErrors();
    }

    /**
     * Every booking answered 201 is in the database, confirmed; the lanes' appointments are no more than the 201s
     * plus the bookings whose answer was lost; no two of them overlap on a resource.
     */
    private void assertEverything201IsStored(MixedLoad load, long ambiguous) throws Exception {
        Set<Long> accepted = load.bookedIds();
        assertTrue(load.bookedTwice().isEmpty(), "201 twice for " + load.bookedTwice());
        assertTrue(!accepted.isEmpty(), "some bookings were accepted");
        Set<Long> stored = new HashSet<>();
        Set<Long> resources = new HashSet<>();
        try (Connection db = stack.jdbc()) {
            Map<Long, Long> confirmed = Ledger.confirmedResources(db, accepted);
            stored.addAll(confirmed.keySet());
            resources.addAll(confirmed.values());
            Set<Long> missing = new HashSet<>(accepted);
            missing.removeAll(stored);
            assertTrue(missing.isEmpty(), "bookings answered 201 but not in the database: " + missing);
            long rows = Ledger.appointments(db, resources);
            assertTrue(rows >= accepted.size() && rows <= accepted.size() + ambiguous,
                    rows + " appointments for " + accepted.size() + " 201s and " + ambiguous + " unknown outcomes");
            assertEquals(0, Ledger.overlaps(db, resources), "no two appointments overlap on a resource");
        }
    }


    private static void assertAll503AreProblemsWithRetryAfter(Window all) {
        Window unavailable = all.withStatus(503);
        assertTrue(unavailable.samples().stream().allMatch(s -> s.problemJson() && s.retryAfter()),
                "every 503 is problem+json with Retry-After");
    }

    /** Concurrent anonymous GETs of one path; each answer as {status, latency ms}. */
    private List<long[]> burst(ExecutorService callers, String path, int size) throws Exception {
        List<Future<long[]>> answers = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            answers.add(callers.submit(() -> {
                long start = System.nanoTime();
                int status = stack.api().get(path).status();
                return new long[] {status, (System.nanoTime() - start) / 1_000_000};
            }));
        }
        List<long[]> results = new ArrayList<>();
        for (Future<long[]> answer : answers) {
            results.add(answer.get());
        }
        return results;
    }

    /** Samples pg_stat_activity for as long as the lock is held: the longest-running query of the application. */
    private long longestActiveQueryMillis(Duration during) throws Exception {
        long longest = 0;
        long end = System.nanoTime() + during.toNanos();
        try (Connection db = stack.jdbc(); Statement query = db.createStatement()) {
            while (System.nanoTime() < end) {
                try (ResultSet rs = query.executeQuery("select coalesce(max(extract(epoch from clock_timestamp() "
                        + "- query_start) * 1000), 0) from pg_stat_activity where application_name = 'citas' "
                        + "and state = 'active'")) {
                    rs.next();
                    longest = Math.max(longest, rs.getLong(1));
                }
                Thread.sleep(200);
            }
        }
        return longest;
    }

    private String quotaMode() {
        try {
            return (String) stack.jmxAttribute("citas:type=Quota", "Mode");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private long cacheHits() throws Exception {
        return (Long) stack.jmxAttribute("citas:type=Cache,name=services", "Hits");
    }

    /** Prints and keeps the figures of one fault: every phase's latency and statuses. */
    private static void report(String fault, MixedLoad load, long faultStart, long faultEnd) throws IOException {
        String text = fault + " (" + REQUESTS_PER_SECOND + " req/s, " + LANES + " booking customers, dropped ticks "
                + load.dropped() + ")\n"
                + "  before: " + load.window(Long.MIN_VALUE, faultStart).summary() + "\n"
                + "  during: " + load.window(faultStart, faultEnd).summary() + "\n"
                + "  after:  " + load.window(faultEnd, Long.MAX_VALUE).summary() + "\n"
                + "  bookings: " + load.all().ofKind("booking").byStatus() + ", 201 ids " + load.bookedIds().size() + "\n";
        write(fault, text);
    }

    private static void write(String name, String text) throws IOException {
        System.out.print(text);
        Path dir = Path.of(System.getProperty("citas.buildDir", "target"), "faults");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(name + ".txt"), text);
    }

    private static void awaitTrue(Duration timeout, BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + timeout + ": " + what);
            }
            Thread.sleep(250);
        }
    }

    private static void sleep(int seconds) throws InterruptedException {
        Thread.sleep(seconds * 1000L);
    }
}
