package app.citas.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import app.citas.stack.TestStack;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * With no trusted proxies (CITAS_INTERNAL_PROXIES matching nothing), X-Forwarded-For from the peer is ignored:
 * changing it does not buy a fresh anonymous quota. QuotaIT shows the trusted case (loopback by default).
 */
class UntrustedProxyIT {
    @Test
    void forwardedForFromAnUntrustedPeerChangesNothing() throws Exception {
        try (TestStack stack = TestStack.start(Map.of("CITAS_QUOTA_ANONYMOUS_PER_HOUR", "3",
                "CITAS_INTERNAL_PROXIES", "none"))) {
            for (int i = 1; i <= 3; i++) {
                assertEquals(200, stack.api().header("X-Forwarded-For", "198.51.100." + i).get("/categories").status());
            }
            assertEquals(429, stack.api().header("X-Forwarded-For", "198.51.100.99").get("/categories").status(),
                    "still the peer's (127.0.0.1) bucket");
        }
    }
}
