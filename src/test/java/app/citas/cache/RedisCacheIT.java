package app.citas.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import app.citas.platform.JsonBody;
import app.citas.platform.Redis;
import app.citas.platform.RedisSettings;
import app.citas.platform.SettingsReader;
import app.citas.dev.EmbeddedRedis;
import app.citas.stack.RedisKeys;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/** The Redis cache region against a real Redis: generations, TTL, prefix isolation, corrupt values, outages. */
class RedisCacheIT {
    /** Every key of this class starts with it. */
    private static final String RUN = "test-" + UUID.randomUUID().toString().substring(0, 8) + ":";
    private static EmbeddedRedis embedded;
    private static String url;

    @BeforeAll
    static void startRedis() throws Exception {
        url = System.getenv("CITAS_TEST_REDIS_URL");
        if (url == null || url.isBlank()) {
            embedded = EmbeddedRedis.start(null, 0);
            url = embedded.url();
        }
    }

    @AfterAll
    static void stopRedis() throws Exception {
        if (embedded != null) {
            embedded.close();
        } else {
            RedisKeys.forget(url, RUN);
        }
    }

    private static Redis connect(int retryMillis) {
        Map<String, String> env = Map.of(RedisSettings.URL, url,
                RedisSettings.RETRY_INTERVAL_MS, String.valueOf(retryMillis));
        return Redis.connect(SettingsReader.read(env::get, RedisSettings::read));
    }

    private static String prefix() {
        return RUN + UUID.randomUUID().toString().substring(0, 8) + ":";
    }

    private static JsonBody json(String text) {
        return JsonBody.of(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void hitsMissesAndClearAcrossInstances() {
        try (Redis redis = connect(5000)) {
            String prefix = prefix();
            RedisCache node1 = new RedisCache("services", prefix, new ExpiryPolicy(Duration.ofMinutes(5)), redis);
            RedisCache node2 = new RedisCache("services", prefix, new ExpiryPolicy(Duration.ofMinutes(5)), redis);
            AtomicInteger loads = new AtomicInteger();
            JsonBody loaded = node1.getOrLoad("id:1", () -> {
                loads.incrementAndGet();
                return json("{\"v\":1}");
            });
            assertEquals(loaded, node2.getOrLoad("id:1", () -> json("never")), "another node sees the entry");
            assertEquals(loaded.etag(), node2.get("id:1").etag());
            assertEquals(1, loads.get());
            assertEquals(1, node1.statistics().misses());
            assertEquals(2, node2.statistics().hits());

            node2.clear();
            assertNull(node1.get("id:1"), "a clear on one node hides the entry from every node");
            node1.put("id:1", json("{\"v\":2}"));
            assertEquals(json("{\"v\":2}"), node2.get("id:1"));
            assertTrue(node1.remove("id:1"));
            assertFalse(node1.remove("id:1"));
        }
    }

    @Test
    void aHitServesTheNodesCopyOnlyWhileRedisHoldsTheSameBody() {
        try (Redis redis = connect(5000); Jedis jedis = new Jedis(java.net.URI.create(url))) {
            String prefix = prefix();
            ExpiryPolicy expiry = new ExpiryPolicy(Duration.ofMinutes(5));
            RedisCache node1 = new RedisCache("services", prefix, expiry, redis);
            RedisCache node2 = new RedisCache("services", prefix, expiry, redis);
            JsonBody loaded = node1.getOrLoad("id:1", () -> json("{\"v\":1}"));
            JsonBody hit = node1.getOrLoad("id:1", () -> json("never"));
            assertEquals(loaded, hit, "the same bytes and ETag as the miss");
            assertEquals(1, node1.statistics().copiesServed(), "the stored value's copy, confirmed by its ETag");
            assertEquals(loaded, node2.get("id:1"));
            assertEquals(0, node2.statistics().copiesServed(), "the other node had no copy: the body came from Redis");
            assertEquals(loaded, node2.get("id:1"));
            assertEquals(1, node2.statistics().copiesServed());

            node2.put("id:1", json("{\"v\":2}"));
            assertEquals(json("{\"v\":2}"), node1.get("id:1"), "another node's new body, not the copy");
            assertEquals(1, node1.statistics().copiesServed());
            node2.remove("id:1");
            assertNull(node1.get("id:1"), "no copy without the entry in Redis");
            node2.put("id:1", json("{\"v\":3}"));
            assertEquals(json("{\"v\":3}"), node1.get("id:1"));
            jedis.set(prefix + "cache:services:0:id:1", "garbage");
            assertNull(node1.get("id:1"), "an unreadable entry is a miss, whatever the copy");
            assertEquals(1, node1.statistics().errors());
            assertEquals(1, node1.statistics().copiesServed());
        }
    }

    @Test
    void aHitIsOneRedisCommand() {
        assumeTrue(embedded != null, "counts every command of its Redis: needs one nobody else uses");
        try (Redis redis = connect(5000); Jedis jedis = new Jedis(java.net.URI.create(url))) {
            RedisCache cache = new RedisCache("services", prefix(), new ExpiryPolicy(Duration.ofMinutes(5)), redis);
            cache.getOrLoad("page", java.util.List.of("lists"), v -> Set.of("service:1"), () -> json("{\"items\":[]}"));
            cache.get("page"); // the script is cached in Redis by now
            jedis.configResetStat();
            cache.getOrLoad("page", java.util.List.of("lists"), v -> Set.of("service:1"), () -> json("never"));
            Map<String, Long> calls = new java.util.TreeMap<>();
            for (String line : jedis.info("commandstats").split("\r?\n")) {
                if (line.startsWith("cmdstat_")) {
                    String command = line.substring("cmdstat_".length(), line.indexOf(':'));
                    long count = Long.parseLong(line.replaceAll(".*[:,]calls=(\\d+),.*", "$1")); // not failed_calls
                    if (!command.startsWith("config") && !command.equals("info")) {
                        calls.put(command, count);
                    }
                }
            }
            // One command from the node (Redis also counts the script's own GETs: two generations and the entry).
            assertEquals(Map.of("evalsha", 1L, "get", 3L), calls, "the hit's commands");
            assertEquals(1, cache.statistics().copiesServed());
        }
    }

    @Test
    void aLookupSurvivesRedisForgettingItsScript() {
        assumeTrue(embedded != null, "SCRIPT FLUSH would reach whoever else shares an external Redis");
        try (Redis redis = connect(5000); Jedis jedis = new Jedis(java.net.URI.create(url))) {
            RedisCache cache = new RedisCache("services", prefix(), new ExpiryPolicy(Duration.ofMinutes(5)), redis);
            cache.put("id:1", json("{\"v\":1}"));
            jedis.scriptFlush();
            assertEquals(json("{\"v\":1}"), cache.get("id:1"), "sent again in full, then by its SHA-1");
            jedis.scriptFlush();
            assertEquals(json("{\"v\":1}"), cache.get("id:1"));
            assertEquals(0, cache.statistics().errors());
            assertTrue(redis.reachable());
        }
    }

    @Test
    void tagsAndScopesInvalidateAcrossInstancesAndARacingLoadStoresNothing() {
        try (Redis redis = connect(5000)) {
            String prefix = prefix();
            ExpiryPolicy expiry = new ExpiryPolicy(Duration.ofMinutes(5));
            RedisCache node1 = new RedisCache("services", prefix, expiry, redis);
            RedisCache node2 = new RedisCache("services", prefix, expiry, redis);
            RedisCacheTags tags = new RedisCacheTags(prefix, Duration.ofMinutes(5), redis, () -> {
                throw new AssertionError("Redis is up");
            });
            java.util.List<String> scopes = java.util.List.of("lists");
            node1.getOrLoad("a", scopes, v -> Set.of("service:1"), () -> json("{\"a\":1}"));
            node1.getOrLoad("b", java.util.List.of(), v -> Set.of("service:2"), () -> json("{\"b\":1}"));
            assertEquals(json("{\"a\":1}"), node2.getOrLoad("a", scopes, v -> Set.of("service:1"), () -> json("never")));
            tags.invalidate(Set.of("service:1"));
            assertEquals(json("{\"a\":2}"), node2.getOrLoad("a", scopes, v -> Set.of("service:1"),
                    () -> json("{\"a\":2}")), "the tagged entry is gone on the other node");
            assertEquals(json("{\"b\":1}"), node2.getOrLoad("b", java.util.List.of(), v -> Set.of("service:2"),
                    () -> json("never")), "an entry without the tag stays");
            node1.clearScope("lists");
            assertEquals(json("{\"a\":3}"), node2.getOrLoad("a", scopes, v -> Set.of("service:1"),
                    () -> json("{\"a\":3}")), "a scope's entries are gone on the other node");
            assertEquals(json("{\"b\":1}"), node2.getOrLoad("b", java.util.List.of(), v -> Set.of(), () -> json("never")));

            // A load that read the old state while a write committed and invalidated its tag must not be stored.
            JsonBody stale = node1.getOrLoad("c", java.util.List.of(), v -> Set.of("service:3"), () -> {
                tags.invalidate(Set.of("service:3"));
                return json("{\"c\":\"old\"}");
            });
            assertEquals(json("{\"c\":\"old\"}"), stale, "the caller still gets its answer");
            assertEquals(json("{\"c\":\"new\"}"), node2.getOrLoad("c", java.util.List.of(), v -> Set.of("service:3"),
                    () -> json("{\"c\":\"new\"}")), "but it was never stored");
            // Likewise a scope advanced during the load.
            node1.getOrLoad("d", scopes, v -> Set.of(), () -> {
                node2.clearScope("lists");
                return json("{\"d\":\"old\"}");
            });
            assertEquals(json("{\"d\":\"new\"}"), node2.getOrLoad("d", scopes, v -> Set.of(),
                    () -> json("{\"d\":\"new\"}")));
            assertEquals(json("{\"e\":1}"), node1.getOrLoad("e", scopes, v -> null, () -> json("{\"e\":1}")));
            assertEquals(json("{\"e\":2}"), node1.getOrLoad("e", scopes, v -> null, () -> json("{\"e\":2}")),
                    "a value without tags (unreadable) is never stored");
        }
    }

    @Test
    void entriesExpireAfterTheirTimeToLive() throws Exception {
        try (Redis redis = connect(5000)) {
            RedisCache cache = new RedisCache("categories", prefix(), new ExpiryPolicy(Duration.ofMillis(300)), redis);
            cache.put("page:1:20", json("[]"));
            assertEquals(json("[]"), cache.get("page:1:20"));
            Thread.sleep(600);
            assertNull(cache.get("page:1:20"));
        }
    }

    @Test
    void everyKeyLivesUnderThePrefixAndCorruptValuesAreMisses() {
        try (Redis redis = connect(5000); Jedis jedis = new Jedis(java.net.URI.create(url))) {
            String prefix = prefix();
            RedisCache cache = new RedisCache("resources", prefix, new ExpiryPolicy(Duration.ofMinutes(5)), redis);
            Set<String> before = jedis.keys("*");
            cache.put("id:9", json("{}"));
            cache.clear();
            cache.put("id:9", json("{\"fresh\":true}"));
            Set<String> added = new HashSet<>(jedis.keys("*"));
            added.removeAll(before);
            // Other stacks may share an external Redis, so only the keys that appeared meanwhile are this cache's.
            assertTrue(added.stream().filter(k -> k.contains("resources")).allMatch(k -> k.startsWith(prefix)), added.toString());
            assertEquals(3, jedis.keys(prefix + "*").size(), "generation key and one entry per generation");

            jedis.set(prefix + "cache:resources:1:id:9", "garbage");
            assertNull(cache.get("id:9"), "an unreadable value is a miss");
            assertEquals(1, cache.statistics().errors());
            assertEquals(json("{\"again\":1}"), cache.getOrLoad("id:9", () -> json("{\"again\":1}")));
            assertEquals(json("{\"again\":1}"), cache.get("id:9"), "and is replaced");
        }
    }

    @Test
    void redisOutageTurnsIntoMissesAndCachingResumes() throws Exception {
        assumeTrue(embedded != null, "needs the embedded Redis it may stop");
        try (Redis redis = connect(300)) {
            RedisCache cache = new RedisCache("services", prefix(), new ExpiryPolicy(Duration.ofMinutes(5)), redis);
            cache.put("id:1", json("{\"v\":1}"));
            embedded.stop();
            AtomicInteger loads = new AtomicInteger();
            for (int i = 0; i < 20; i++) {
                assertEquals(json("{\"db\":1}"), cache.getOrLoad("id:1", () -> {
                    loads.incrementAndGet();
                    return json("{\"db\":1}");
                }));
            }
            assertEquals(20, loads.get(), "every read is served by the loader while Redis is down");
            assertFalse(redis.reachable(), "the circuit is open");
            cache.clear();
            embedded.restart();
            Thread.sleep(400);
            JsonBody afterOutage = cache.getOrLoad("id:1", () -> json("{\"db\":2}"));
            assertEquals(json("{\"db\":2}"), afterOutage, "the clear made during the outage was applied on recovery");
            assertEquals(afterOutage, cache.get("id:1"), "caching resumed");
            assertTrue(redis.reachable());
        }
    }
}
