package app.citas.quota;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.citas.platform.Redis;
import app.citas.platform.RedisSettings;
import app.citas.platform.SettingsReader;
import java.net.ServerSocket;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Refill arithmetic and headers with a clock the test moves by hand (no sleeps). Redis points at a closed port,
 * so these are the local buckets that stand in during an outage: the same limits as the shared ones.
 */
class QuotaBucketsTest {
    private final ManualClock clock = new ManualClock();
    private Redis unreachable;
    private QuotaBuckets buckets;

    @BeforeEach
    void setUp() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Map<String, String> env = Map.of(RedisSettings.URL, "redis://127.0.0.1:" + closedPort + "/0",
                QuotaSettings.ANONYMOUS_PER_HOUR, "3600", QuotaSettings.USER_PER_HOUR, "10");
        unreachable = Redis.connect(SettingsReader.read(env::get, RedisSettings::read));
        buckets = new QuotaBuckets(SettingsReader.read(env::get, QuotaSettings::read), unreachable, "test:", clock);
    }

    @AfterEach
    void tearDown() {
        unreachable.close();
    }

    @Test
    void capacityIsTheHourlyLimitAndHeadersCountDown() {
        for (int k = 1; k <= 10; k++) {
            Decision decision = buckets.consume(Policy.USER, "42");
            assertTrue(decision.allowed());
            assertEquals(10 - k, decision.remaining());
            assertEquals("\"user\";r=" + (10 - k) + ";t=" + (k * 360), decision.rateLimitHeader(),
                    "one token every 360 s: full again after k * 360 s");
        }
        Decision refused = buckets.consume(Policy.USER, "42");
        assertFalse(refused.allowed());
        assertEquals(360, refused.retryAfterSeconds());
        assertEquals("\"user\";q=10;w=3600", refused.policyHeader());
    }

    @Test
    void tokensComeBackSmoothly() {
        for (int i = 0; i < 3600; i++) {
            assertTrue(buckets.consume(Policy.ANON, "203.0.113.1").allowed());
        }
        assertEquals(1, buckets.consume(Policy.ANON, "203.0.113.1").retryAfterSeconds());
        clock.advance(999, TimeUnit.MILLISECONDS);
        assertFalse(buckets.consume(Policy.ANON, "203.0.113.1").allowed());
        clock.advance(1, TimeUnit.MILLISECONDS);
        assertTrue(buckets.consume(Policy.ANON, "203.0.113.1").allowed(), "one token per second at 3600/hour");
        clock.advance(10, TimeUnit.SECONDS);
        assertEquals(9, buckets.consume(Policy.ANON, "203.0.113.1").remaining());
        assertTrue(buckets.consume(Policy.ANON, "198.51.100.1").allowed(), "another caller has its own bucket");
    }

    @Test
    void resetGivesOneCallerAFullBucket() {
        for (int i = 0; i < 10; i++) {
            buckets.consume(Policy.USER, "7");
        }
        assertFalse(buckets.consume(Policy.USER, "7").allowed());
        buckets.reset("user", "7");
        assertEquals(9, buckets.consume(Policy.USER, "7").remaining());
        assertFalse(buckets.shared(), "Redis is unreachable: local buckets");
    }
}
