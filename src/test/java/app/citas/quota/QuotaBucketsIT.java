package app.citas.quota;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.citas.platform.Redis;
import app.citas.platform.RedisSettings;
import app.citas.platform.SettingsReader;
import app.citas.testing.TestServers;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.Jedis;

/** Shared buckets in a real Redis (embedded, or CITAS_TEST_REDIS_URL), with a clock the test moves by hand. */
@ExtendWith(TestServers.Resolver.class)
class QuotaBucketsIT {
    /** Every key of this class starts with it. */
    private static final String RUN = TestServers.newKeyPrefix();
    private static String url;
    private final ManualClock clock = new ManualClock();
    private final String prefix = RUN + UUID.randomUUID().toString().substring(0, 8) + ":";

    @BeforeAll
    static void redisOfTheTests(TestServers servers) {
        url = servers.redisUrl();
    }

    @AfterAll
    static void forgetKeys(TestServers servers) {
        servers.forgetKeys(RUN);
    }

    private static RedisSettings redis() {
        return SettingsReader.read(Map.of(RedisSettings.URL, url)::get, RedisSettings::read);
    }

    private static QuotaSettings quota(int userPerHour) {
        return SettingsReader.read(Map.of(QuotaSettings.USER_PER_HOUR, String.valueOf(userPerHour))::get,
                QuotaSettings::read);
    }

    @Test
    void twoNodesSpendOneBucket() {
        QuotaSettings quota = quota(10);
        try (Redis redis1 = Redis.connect(redis()); Redis redis2 = Redis.connect(redis())) {
            QuotaBuckets node1 = new QuotaBuckets(quota, redis1, prefix, clock);
            QuotaBuckets node2 = new QuotaBuckets(quota, redis2, prefix, clock);
            for (int i = 0; i < 5; i++) {
                assertTrue(node1.consume(Policy.USER, "1").allowed());
                assertTrue(node2.consume(Policy.USER, "1").allowed());
            }
            assertFalse(node1.consume(Policy.USER, "1").allowed());
            assertFalse(node2.consume(Policy.USER, "1").allowed());
            assertTrue(node1.shared() && node2.shared());
            clock.advance(6, TimeUnit.MINUTES);
            assertTrue(node2.consume(Policy.USER, "1").allowed(), "one token back after 360 s, for both nodes");
            assertFalse(node1.consume(Policy.USER, "1").allowed());
        }
    }

    @Test
    void eachDecisionIsOneRedisRoundTrip() throws Exception {
        try (Redis redis = Redis.connect(redis())) {
            QuotaBuckets buckets = new QuotaBuckets(quota(10), redis, prefix, clock);
            // A Redis that has not run the script yet answers the first EVALSHA with NOSCRIPT, then EVAL loads it.
            buckets.consume(Policy.STAFF, "script-loaded");
            countRoundTrips(buckets);
        }
    }

    private void countRoundTrips(QuotaBuckets buckets) throws Exception {
        try (RedisCommandLog log = new RedisCommandLog(url)) {
            int allowed = 0;
            for (int i = 0; i < 12; i++) {
                allowed += buckets.consume(Policy.USER, "3").allowed() ? 1 : 0;
                clock.advance(1, TimeUnit.SECONDS);
            }
            assertEquals(10, allowed, "ten allowed (the first one creating the bucket), two refused");
            buckets.consume(Policy.ANON, "198.51.100.7");
            List<String> commands = log.clientCommandsMentioning(prefix).stream().map(QuotaBucketsIT::name).toList();
            assertEquals(13, commands.size(), "one command per decision, first, allowed or refused: " + commands);
            assertTrue(commands.stream().allMatch("EVALSHA"::equals), commands.toString());
            assertTrue(buckets.shared());
        }
    }

    @Test
    void concurrentRequestsOnTwoNodesSpendExactlyTheLimit() throws Exception {
        QuotaSettings quota = quota(100);
        try (Redis redis1 = Redis.connect(redis()); Redis redis2 = Redis.connect(redis())) {
            List<QuotaBuckets> nodes = List.of(new QuotaBuckets(quota, redis1, prefix, clock),
                    new QuotaBuckets(quota, redis2, prefix, clock));
            assertEquals(100, allowedByTurns(nodes, "4", 300));
            assertTrue(nodes.get(0).shared() && nodes.get(1).shared());
        }
    }

    @Test
    void aBusyCallerAsksRedisForAFewTokensAtATime() {
        try (Redis redis = Redis.connect(redis())) {
            QuotaBuckets buckets = new QuotaBuckets(quota(100_000), redis, prefix, clock);
            int allowed = 0;
            for (int i = 0; i < 1000; i++) {   // a thousand requests a second, for a second
                allowed += buckets.consume(Policy.USER, "6").allowed() ? 1 : 0;
                clock.advance(1, TimeUnit.MILLISECONDS);
            }
            assertEquals(1000, allowed);
            // Pockets of 1, 2, 4 ... 64 tokens (7 round trips for 127), then 64 at a time (14 for the other 873).
            assertEquals(21, buckets.redisDecisions());
        }
    }

    @Test
    void twoNodesTakingPocketsStillAllowExactlyTheLimit() throws Exception {
        QuotaSettings quota = quota(20_000);
        try (Redis redis1 = Redis.connect(redis()); Redis redis2 = Redis.connect(redis())) {
            List<QuotaBuckets> nodes = List.of(new QuotaBuckets(quota, redis1, prefix, clock),
                    new QuotaBuckets(quota, redis2, prefix, clock));
            assertEquals(20_000, allowedByTurns(nodes, "7", 24_000),
                    "the clock stands still: every pocketed token is spent, none twice");
            long roundTrips = nodes.get(0).redisDecisions() + nodes.get(1).redisDecisions();
            assertTrue(roundTrips < 4_000, "most decisions from pockets: " + roundTrips + " round trips");
        }
    }

    /** The user's requests sent to the nodes in turn by 16 threads at once; how many were allowed. */
    private static int allowedByTurns(List<QuotaBuckets> nodes, String user, int requests) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Callable<Boolean>> calls = new ArrayList<>();
            for (int i = 0; i < requests; i++) {
                QuotaBuckets node = nodes.get(i % nodes.size());
                calls.add(() -> node.consume(Policy.USER, user).allowed());
            }
            int allowed = 0;
            for (Future<Boolean> decision : pool.invokeAll(calls)) {
                allowed += decision.get() ? 1 : 0;
            }
            return allowed;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aRefusalIsKeptUntilTheNextTokenIsDue() throws Exception {
        try (Redis redis = Redis.connect(redis())) {
            QuotaBuckets buckets = new QuotaBuckets(quota(10), redis, prefix, clock);
            for (int i = 0; i < 10; i++) {
                assertTrue(buckets.consume(Policy.USER, "8").allowed());
            }
            try (RedisCommandLog log = new RedisCommandLog(url)) {
                for (int i = 0; i < 20; i++) {
                    Decision refused = buckets.consume(Policy.USER, "8");
                    assertFalse(refused.allowed());
                    assertEquals(360, refused.retryAfterSeconds());
                }
                clock.advance(1, TimeUnit.SECONDS);
                assertFalse(buckets.consume(Policy.USER, "8").allowed());
                assertEquals(2, log.clientCommandsMentioning(prefix).size(),
                        "the first refusal asked Redis, and the first a second later");
            }
        }
    }

    @Test
    void aLimitThatDoesNotDivideTheHourStillAllowsExactlyItsCapacity() {
        try (Redis redis = Redis.connect(redis()); Jedis jedis = new Jedis(URI.create(url))) {
            QuotaBuckets buckets = new QuotaBuckets(quota(7), redis, prefix, clock);
            for (int k = 1; k <= 7; k++) {
                Decision decision = buckets.consume(Policy.USER, "5");
                assertTrue(decision.allowed());
                assertEquals(7 - k, decision.remaining());
            }
            Decision refused = buckets.consume(Policy.USER, "5");
            assertFalse(refused.allowed());
            assertEquals(515, refused.retryAfterSeconds(), "one token every 3600 / 7 s, rounded up");
            assertEquals("\"user\";r=0;t=3601", refused.rateLimitHeader(), "an interval of whole microseconds");
            long ttl = jedis.pttl(prefix + "quota:gcra:user:7:5");
            assertTrue(ttl > 3_659_000 && ttl <= 3_660_002, "the key lives until a minute after the bucket is full "
                    + "again: " + ttl);
        }
    }

    /** The command's name in a MONITOR line: {@code 1700000000.000001 [0 127.0.0.1:5000] "GET" "key"}. */
    private static String name(String monitorLine) {
        return monitorLine.replaceFirst("^[^\\]]*\\] \"([^\"]*)\".*$", "$1");
    }

    @Test
    void aChangedLimitAppliesToCallersAlreadyInRedis() {
        try (Redis redis = Redis.connect(redis())) {
            QuotaBuckets old = new QuotaBuckets(quota(10), redis, prefix, clock);
            for (int i = 0; i < 10; i++) {
                old.consume(Policy.USER, "2");
            }
            assertFalse(old.consume(Policy.USER, "2").allowed());
            QuotaBuckets restarted = new QuotaBuckets(quota(20), redis, prefix, clock);
            Decision decision = restarted.consume(Policy.USER, "2");
            assertTrue(decision.allowed(), "the new limit, not the one the bucket was created with");
            assertEquals(19, decision.remaining());
        }
    }
}
