package app.citas.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import app.citas.stack.Api.Reply;
import app.citas.stack.TestStack;
import org.junit.jupiter.api.Test;

/**
 * Redis and PostgreSQL outages on a private stack (its own embedded servers and Tomcat), so stopping them
 * disturbs no other test. Redis down degrades; PostgreSQL down answers 503 quickly, never hangs or 500s.
 */
class OutageIT {
    @Test
    void redisDownDegradesAndDatabaseDownAnswers503() throws Exception {
        assumeTrue(System.getenv("CITAS_TEST_DB_URL") == null && System.getenv("CITAS_TEST_REDIS_URL") == null,
                "needs embedded PostgreSQL and Redis it may stop");
        try (TestStack stack = TestStack.start()) {
            assertEquals("UP", stack.api().get("/health").json().get("status").asText());

            stack.embeddedRedis().stop();
            Reply degraded = stack.api().get("/health");
            assertEquals(200, degraded.status());
            assertEquals("DEGRADED", degraded.json().get("status").asText());
            assertEquals("DOWN", degraded.json().get("checks").get("redis").asText());
            assertEquals(200, stack.api().get("/services").status(), "Redis down never breaks reads");
            stack.embeddedRedis().restart();
            assertEquals("UP", stack.api().get("/health").json().get("status").asText());
            // The circuit lets a trial call through after CITAS_REDIS_RETRY_INTERVAL_MS (5 s): caching resumes by itself.
            Thread.sleep(5_500);
            long hits = (Long) stack.jmxAttribute("citas:type=Cache,name=services", "Hits");
            for (int i = 0; i < 3; i++) {
                assertEquals(200, stack.api().get("/services").status());
            }
            assertTrue((Long) stack.jmxAttribute("citas:type=Cache,name=services", "Hits") > hits, "cache hits again");

            stack.stopDatabase();
            Reply down = stack.api().get("/health");
            assertEquals(503, down.status());
            assertEquals("DOWN", down.json().get("status").asText());
            assertEquals(200, stack.api().get("/services").status(), "cached catalog pages still answer");
            Reply request = stack.api().get("/services?q=not-cached");
            assertEquals(503, request.status(), request.body());
            assertEquals("application/problem+json", request.contentType());
            assertNotNull(request.header("Retry-After"));
            assertTrue(!request.body().contains("Exception") && !request.body().contains("jdbc"), request.body());
            Reply signIn = stack.api().post("/auth/token", java.util.Map.of("username", "x", "password", "y"));
            assertEquals(503, signIn.status(), signIn.body());
        }
    }
}
