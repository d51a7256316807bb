package app.citas.account;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.citas.CitasSettings;
import app.citas.platform.ApiException;
import app.citas.platform.DatabaseSettings;
import app.citas.platform.Redis;
import app.citas.platform.RedisSettings;
import app.citas.quota.QuotaSettings;
import app.citas.testing.TestServers;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The sign-in limits with their counters in a real Redis (embedded, or CITAS_TEST_REDIS_URL), quotas switched off. */
@ExtendWith(TestServers.Resolver.class)
class SignInGuardIT {
    @Test
    void quotasOffLeavesTheLimitsInForceAcrossNodes(TestServers servers) {
        String prefix = TestServers.newKeyPrefix();
        try {
            quotasOffLeavesTheLimitsInForceAcrossNodes(servers.redisUrl(), prefix);
        } finally {
            servers.forgetKeys(prefix);
        }
    }

    private static void quotasOffLeavesTheLimitsInForceAcrossNodes(String url, String prefix) {
        CitasSettings settings = CitasSettings.from(Map.of(DatabaseSettings.URL, "jdbc:postgresql://db.example/citas",
                RedisSettings.URL, url, RedisSettings.KEY_PREFIX, prefix,
                QuotaSettings.ENABLED, "false", AccountSettings.SIGNIN_FAILURES_PER_USERNAME, "2")::get);
        try (Redis redis1 = Redis.connect(settings.redis()); Redis redis2 = Redis.connect(settings.redis())) {
            SignInGuard node1 = new SignInGuard(settings.account(), redis1, settings.redis().keyPrefix());
            SignInGuard node2 = new SignInGuard(settings.account(), redis2, settings.redis().keyPrefix());
            node1.recordFailure("ana", "10.0.0.1");
            assertDoesNotThrow(() -> node2.checkAllowed("ana", "10.0.0.1"));
            node2.recordFailure("ana", "10.0.0.2");

            ApiException e = assertThrows(ApiException.class, () -> node1.checkAllowed("ANA", "10.0.0.3"));
            assertEquals(429, e.status());
            assertTrue(redis1.execute(jedis -> jedis.exists(prefix + "signin:user:ana"), false),
                    "the counter lives under Redis' one key prefix");
        }
    }
}
