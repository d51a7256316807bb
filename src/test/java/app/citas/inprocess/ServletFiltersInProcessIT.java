package app.citas.inprocess;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.citas.dev.Reply;
import app.citas.testing.Api;
import app.citas.testing.CitasExtension;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The servlet filters in front of Jersey (quotas, then the body limit), run by the harness as the container runs
 * them. Callers come from documentation addresses (192.0.2.0/24): they are only strings in the request.
 */
class ServletFiltersInProcessIT {
    @RegisterExtension
    static final CitasExtension CITAS = new CitasExtension(Map.of("CITAS_QUOTA_ANONYMOUS_PER_HOUR", "3",
            "CITAS_MAX_BODY_BYTES", "1024"));

    @Test
    void anonymousCallersHaveAQuotaPerAddress() {
        Api caller = CITAS.api().from("192.0.2.10");
        for (int i = 1; i <= 3; i++) {
            Reply allowed = caller.get("/services");
            assertEquals(200, allowed.status(), "request " + i + ": " + allowed.body());
            assertNotNull(allowed.header("RateLimit-Policy"), allowed.headers().toString());
            assertNotNull(allowed.header("RateLimit"));
        }
        Reply limited = caller.get("/services");
        assertEquals(429, limited.status(), limited.body());
        assertEquals("application/problem+json", limited.contentType());
        assertTrue(Long.parseLong(limited.header("Retry-After")) > 0, limited.headers().toString());
        assertKeptByNoCacheAndRunByNoPage(limited);
        assertEquals(200, caller.get("/health").status(), "health checks spend no quota");
        assertEquals(200, CITAS.api().from("192.0.2.11").get("/services").status(), "another address has its own");
    }

    @Test
    void signedInCallersSpendTheirOwnQuotaNotTheirAddress() {
        String token = CITAS.api().from("192.0.2.20").newCustomer(CitasExtension.unique("quota"));
        Api user = CITAS.api().from("192.0.2.20").as(token);
        for (int i = 1; i <= 5; i++) {
            assertEquals(200, user.get("/me").status(), "request " + i);
        }
        Reply invalid = CITAS.api().from("192.0.2.21").as("not-a-token").get("/services");
        assertEquals(401, invalid.status(), "an invalid token is refused, not served anonymously: " + invalid.body());
    }

    @Test
    void bodiesOverTheLimitAre413BeforeAnythingParsesThem() {
        Api caller = CITAS.api().from("192.0.2.30");
        byte[] large = ("{\"name\": \"" + "x".repeat(2000) + "\"}").getBytes(StandardCharsets.UTF_8);
        Reply declared = caller.send("POST", "/auth/register", large, false);
        assertEquals(413, declared.status(), declared.body());
        assertEquals("application/problem+json", declared.contentType());
        assertKeptByNoCacheAndRunByNoPage(declared);
        Reply streamed = CITAS.api().from("192.0.2.31").send("POST", "/auth/register", large, true);
        assertEquals(413, streamed.status(), "a chunked body is counted as it is read: " + streamed.body());
        byte[] small = "{\"username\": \"a b\"}".getBytes(StandardCharsets.UTF_8);
        Reply passed = CITAS.api().from("192.0.2.32").send("POST", "/auth/register", small, true);
        assertEquals(400, passed.status(), "a small chunked body reaches Jersey intact: " + passed.body());
    }

    /** The headers Jersey's problems carry, on those the filters write themselves. */
    private static void assertKeptByNoCacheAndRunByNoPage(Reply problem) {
        assertEquals("no-store", problem.header("Cache-Control"), problem.headers().toString());
        assertEquals("default-src 'none'; frame-ancestors 'none'", problem.header("Content-Security-Policy"));
    }
}
