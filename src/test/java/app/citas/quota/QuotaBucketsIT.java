package app.citas.quota;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.citas.platform.Redis;
import app.citas.platform.RedisSettings;
import app.citas.platform.SettingsReader;
import app.citas.testing.TestServers;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

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
