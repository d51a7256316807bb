package app.citas.account;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import app.citas.CitasSettings;
import app.citas.platform.ApiException;
import app.citas.platform.DatabaseSettings;
import app.citas.platform.Redis;
import app.citas.platform.RedisSettings;
import app.citas.quota.QuotaSettings;
import java.net.ServerSocket;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The brute-force limits of POST /auth/token come from the account settings alone: switching request quotas off
 * leaves them in force. Redis points at a closed port, so these are the in-memory counters of an outage, which
 * apply the same limits as the shared ones (SignInGuardIT has those).
 */
class SignInGuardTest {
    private CitasSettings settings;
    private Redis unreachable;

    @BeforeEach
    void setUp() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        settings = CitasSettings.from(Map.of(DatabaseSettings.URL, "jdbc:postgresql://db.example/citas",
                RedisSettings.URL, "redis://127.0.0.1:" + closedPort + "/0",
                QuotaSettings.ENABLED, "false",
                AccountSettings.SIGNIN_FAILURES_PER_USERNAME, "3",
                AccountSettings.SIGNIN_FAILURES_PER_IP, "5")::get);
        unreachable = Redis.connect(settings.redis());
    }

    @AfterEach
    void tearDown() {
        unreachable.close();
    }

    private static void assertThrottled(Runnable attempt) {
        ApiException e = assertThrows(ApiException.class, attempt::run);
        assertEquals(429, e.status());
    }

    @Test
    void quotasOffLeavesThePerUsernameLimitInForce() {
        assertFalse(settings.quota().enabled());
        SignInGuard guard = new SignInGuard(settings.account(), unreachable, settings.redis().keyPrefix());
        for (int failure = 1; failure <= 3; failure++) {
            assertDoesNotThrow(() -> guard.checkAllowed("ana", "10.0.0.1"));
            guard.recordFailure("Ana", "10.0.0.1");
        }

        assertThrottled(() -> guard.checkAllowed("ana", "10.0.0.2"));
        assertDoesNotThrow(() -> guard.checkAllowed("bea", "10.0.0.2"), "another username, another IP");
    }

    @Test
    void quotasOffLeavesThePerIpLimitInForce() {
        SignInGuard guard = new SignInGuard(settings.account(), unreachable, settings.redis().keyPrefix());
        for (int failure = 1; failure <= 5; failure++) {
            guard.recordFailure("user" + failure, "10.0.0.9");
        }

        assertThrottled(() -> guard.checkAllowed("someone-else", "10.0.0.9"));
        assertDoesNotThrow(() -> guard.checkAllowed("someone-else", "10.0.0.10"));
    }

    @Test
    void theOperatorsGuardNeverRefuses() {
        SignInGuard guard = SignInGuard.disabled();
        for (int failure = 1; failure <= 5; failure++) {
            guard.recordFailure("ana", "10.0.0.1");
        }

        assertDoesNotThrow(() -> guard.checkAllowed("ana", "10.0.0.1"));
    }
}
