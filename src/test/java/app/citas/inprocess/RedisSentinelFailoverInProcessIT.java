package app.citas.inprocess;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import app.citas.dev.Reply;
import app.citas.testing.Api;
import app.citas.testing.CitasExtension;
import app.citas.testing.Fixtures;
import app.citas.testing.RedisSentinelGroup;
import java.io.File;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import javax.management.ObjectName;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

/**
 * Citas on {@code redis-sentinel://}: a Redis primary, a replica and three Sentinels (real redis-server processes on
 * free loopback ports, {@link RedisSentinelGroup}); the catalog cache and the shared quota buckets work through the
 * master the Sentinels name. Twice, under a steady trickle of requests, the master is replaced: first by a
 * switchover ({@code SENTINEL FAILOVER}: the old master lives on as a replica, so connections to it do not break by
 * themselves), then by killing the master (SIGKILL). Each time Citas finds the new master by itself (Jedis' Sentinel
 * pool): cache hits and shared quota buckets there, the token-revocation subscriber there too, and no request
 * answered 5xx at any point.
 * Skipped, saying why, where there is no redis-server binary.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RedisSentinelFailoverInProcessIT {
    private static RedisSentinelGroup group;

    @RegisterExtension
    @Order(1)
    static final BeforeAllCallback SENTINELS = new Sentinels();

    @RegisterExtension
    @Order(2)
    static final CitasExtension CITAS = new CitasExtension(defaults -> Map.of(
            "CITAS_REDIS_URL", group.url(),
            // The circuit's trial call comes sooner than the default 5 s: the test waits less, nothing else changes.
            "CITAS_REDIS_RETRY_INTERVAL_MS", "500",
            "CITAS_CACHE_ENABLED", "true",
            "CITAS_QUOTA_ENABLED", "true"), List.of());

    private static Api staff;
    private static long service;

    /** Starts the group before Citas (or skips the class), kills it after Citas is closed. */
    private static final class Sentinels implements BeforeAllCallback, AfterAllCallback {
        @Override
        public void beforeAll(ExtensionContext context) throws Exception {
            File binary = RedisSentinelGroup.binary().orElse(null);
            assumeTrue(binary != null, "No redis-server binary (the embedded-redis jar has none for this platform "
                    + "and there is none on the PATH): the Redis Sentinel failover test is skipped");
            group = RedisSentinelGroup.start(binary);
        }

        @Override
        public void afterAll(ExtensionContext context) {
            if (group != null) {
                group.close();
                group = null;
            }
        }
    }

    @BeforeAll
    static void catalog() {
        staff = CITAS.staff();
        Fixtures fixtures = new Fixtures(staff);
        service = fixtures.service(CitasExtension.unique("Sentinel") + " cut", 30, "20.00", null,
                List.of(fixtures.resource(CitasExtension.unique("Sentinel") + " chair", "ROOM")));
    }

    /** What causes the failover; returns the port of the master it replaces. */
    private interface Cause {
        int fail() throws Exception;
    }

    @Test
    @Order(1)
    @Timeout(60)
    void aSwitchoverWhileTheMasterLivesMovesTheCacheTheQuotasAndTheSubscriberWithoutA5xx() throws Exception {
        int old = failover("switchover", group::switchover);
        RedisSentinelGroup.await(Duration.ofSeconds(5), "the subscriber to leave the demoted master",
                () -> !subscribedOn(old));
        // The demoted master is now the new master's replica: the next test needs it in sync and seen.
        group.awaitReplicaReady(old);
    }

    @Test
    @Order(2)
    @Timeout(60)
    void theMasterKilledTheReplicaPromotedServesTheCacheAndTheQuotasWithoutA5xx() throws Exception {
        failover("kill -9 of the master", group::killMaster);
    }

    /**
     * Checks that Citas uses the current master, causes a failover under a trickle of requests (a read every
     * 20 ms, anonymous and signed in), waits for the Sentinels to name the other server and for Citas to use it
     * (cache hits, shared quota buckets, the revocation subscriber), and asserts no 5xx. Returns the old master's port.
     */
    private static int failover(String what, Cause cause) throws Exception {
        Api anonymous = CITAS.api();
        int master = group.master().getPort();
        assertTrue(cacheHit(anonymous), "a repeated read is a cache hit through the Sentinels' master");
        assertEquals("shared", quotaMode());
        assertTrue(quotaBucketOn(master, "192.0.2.10"), "the quota bucket lives in the master");
        RedisSentinelGroup.await(Duration.ofSeconds(5), "the revocation subscriber on the master",
                () -> subscribedOn(master));

        Map<Integer, LongAdder> statuses = new ConcurrentHashMap<>();
        AtomicBoolean running = new AtomicBoolean(true);
        Thread load = new Thread(() -> {
            Api customer = CITAS.customer();
            List<String> paths = List.of("/services/" + service, "/services?size=5", "/categories?size=100");
            for (int i = 0; running.get(); i++) {
                Reply reply = (i % 2 == 0 ? anonymous : customer).get(paths.get(i % paths.size()));
                statuses.computeIfAbsent(reply.status(), s -> new LongAdder()).increment();
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "sentinel-it-load");
        load.start();
        int old;
        try {
            Thread.sleep(300);
            long caused = System.nanoTime();
            old = cause.fail();
            int next = group.other(old);
            RedisSentinelGroup.await(Duration.ofSeconds(20), "the Sentinels to promote the replica",
                    () -> group.master().getPort() == next);
            long promoted = System.nanoTime();
            RedisSentinelGroup.await(Duration.ofSeconds(20), "cache hits, shared quotas and the revocation "
                    + "subscriber on the new master", () -> cacheHit(anonymous) && "shared".equals(quotaMode())
                    && quotaBucketOn(next, "192.0.2.11") && subscribedOn(next));
            long recovered = System.nanoTime();
            Thread.sleep(300); // a few requests more on the new master
            System.out.printf("Sentinel failover (%s): promoted %d ms after it, Citas on the new master %d ms "
                            + "after the promotion%n", what, (promoted - caused) / 1_000_000,
                    (recovered - promoted) / 1_000_000);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\nsentinel-1 log:\n" + group.log("sentinel-1"), e);
        } finally {
            running.set(false);
            load.join(5_000);
        }
        Map<Integer, Long> counts = new TreeMap<>();
        statuses.forEach((status, count) -> counts.put(status, count.sum()));
        System.out.println("Sentinel failover (" + what + "): statuses during the run " + counts);
        assertTrue(counts.keySet().stream().allMatch(status -> status < 500),
                "no 5xx while the master was replaced: " + counts);
        assertTrue(counts.getOrDefault(200, 0L) > 20, "requests kept being answered: " + counts);
        assertTrue(quotaBucketOn(group.other(old), "127.0.0.1"), "the steady client's bucket is on the new master");
        return old;
    }

    /** Reads the service twice: true when the second read was a hit of the services region. */
    private static boolean cacheHit(Api api) {
        api.get("/services/" + service);
        long hits = CITAS.cacheCounter("services", "Hits");
        Reply reply = api.get("/services/" + service);
        return reply.status() == 200 && CITAS.cacheCounter("services", "Hits") > hits;
    }

    private static String quotaMode() {
        try {
            return (String) ManagementFactory.getPlatformMBeanServer()
                    .getAttribute(new ObjectName("citas:type=Quota"), "Mode");
        } catch (javax.management.JMException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Sends a request from the address and looks for its anonymous bucket in the Redis at the port. */
    private static boolean quotaBucketOn(int port, String address) {
        Reply reply = CITAS.api().from(address).get("/categories?size=100");
        if (reply.status() != 200) {
            return false;
        }
        try (Jedis jedis = new Jedis(new HostAndPort("127.0.0.1", port))) {
            return jedis.keys(CITAS.keyPrefix() + "quota:gcra:anon:*").stream()
                    .anyMatch(key -> key.endsWith(":" + address));
        }
    }

    private static boolean subscribedOn(int port) {
        try (Jedis jedis = new Jedis(new HostAndPort("127.0.0.1", port))) {
            return jedis.clientList().contains("name=" + CITAS.keyPrefix() + "token-revocations");
        }
    }
}
