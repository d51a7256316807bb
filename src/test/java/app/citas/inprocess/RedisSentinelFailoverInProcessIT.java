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
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import javax.management.ObjectName;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
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
 * master the Sentinels name; the primary is killed (SIGKILL) under a steady trickle of requests, the Sentinels
 * promote the replica, and Citas finds it by itself (Jedis' Sentinel pool): cache hits and shared quota buckets on
 * the new master, the token-revocation subscriber there too, and no request answered 5xx at any point.
 * Skipped, saying why, where there is no redis-server binary.
 */
class RedisSentinelFailoverInProcessIT {
    private static RedisSentinelGroup group;

    @RegisterExtension
    @Order(1)
    static final BeforeAllCallback SENTINELS = new Sentinels();

    @RegisterExtension
    @Order(2)
    static final CitasExtension CITAS = new CitasExtension(() -> Map.of(
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

    @Test
    @Timeout(60)
    void theReplicaPromotedBySentinelsServesTheCacheAndTheQuotasWithoutA5xx() throws Exception {
        Api anonymous = CITAS.api();
        assertEquals(group.primaryPort(), group.master().getPort());
        assertTrue(cacheHit(anonymous), "a repeated read is a cache hit through the Sentinels' master");
        assertEquals("shared", quotaMode());
        assertTrue(quotaBucketOn(group.primaryPort(), "192.0.2.10"),
                "the quota bucket lives in the primary");
        RedisSentinelGroup.await(Duration.ofSeconds(5), "the revocation subscriber on the primary",
                () -> subscribedOn(group.primaryPort()));

        Map<Integer, LongAdder> statuses = new TreeMap<>();
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong lastServerError = new AtomicLong();
        Map<Integer, LongAdder> concurrentStatuses = new ConcurrentHashMap<>();
        Thread load = new Thread(() -> {
            Api customer = CITAS.customer();
            List<String> paths = List.of("/services/" + service, "/services?size=5", "/categories?size=100");
            for (int i = 0; running.get(); i++) {
                Reply reply = (i % 2 == 0 ? anonymous : customer).get(paths.get(i % paths.size()));
                concurrentStatuses.computeIfAbsent(reply.status(), s -> new LongAdder()).increment();
                if (reply.status() >= 500) {
                    lastServerError.set(reply.status());
                }
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "sentinel-it-load");
        load.start();
        try {
            Thread.sleep(300);
            long killed = System.nanoTime();
            group.killPrimary();

            RedisSentinelGroup.await(Duration.ofSeconds(20), "the Sentinels to promote the replica",
                    () -> group.master().getPort() == group.replicaPort());
            long promoted = System.nanoTime();
            RedisSentinelGroup.await(Duration.ofSeconds(20), "cache hits, shared quotas and the revocation "
                    + "subscriber on the new master", () -> cacheHit(anonymous) && "shared".equals(quotaMode())
                    && quotaBucketOn(group.replicaPort(), "192.0.2.11")
                    && subscribedOn(group.replicaPort()));
            long recovered = System.nanoTime();
            Thread.sleep(300); // a few requests more on the new master
            System.out.printf("Sentinel failover: promoted %d ms after the kill, Citas back on the new master %d ms "
                            + "after the promotion%n", (promoted - killed) / 1_000_000,
                    (recovered - promoted) / 1_000_000);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\nsentinel-1 log:\n" + group.log("sentinel-1"), e);
        } finally {
            running.set(false);
            load.join(5_000);
        }
        concurrentStatuses.forEach((status, count) -> statuses.put(status, count));
        System.out.println("Sentinel failover: statuses during the run " + statuses);
        assertEquals(0, lastServerError.get(), "no 5xx while the primary was killed and replaced: " + statuses);
        assertTrue(statuses.getOrDefault(200, new LongAdder()).sum() > 20, "requests kept being answered: " + statuses);
        assertTrue(quotaBucketOn(group.replicaPort(), "127.0.0.1"), "the steady client's bucket is on the new master");
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
