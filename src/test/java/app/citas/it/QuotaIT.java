package app.citas.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import app.citas.dev.Api;
import app.citas.dev.Reply;
import app.citas.stack.TestStack;
import app.citas.testing.Fixtures;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Quotas on a private stack with small limits: 5/hour anonymous, 100/hour users. Tests come from 127.0.0.1, a
 * trusted proxy by default, so each test names its own client with X-Forwarded-For and starts with a full bucket.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QuotaIT {
    private static final AtomicInteger CLIENTS = new AtomicInteger(10);
    private TestStack stack;

    @BeforeAll
    void start() throws Exception {
        stack = TestStack.start(Map.of("CITAS_QUOTA_ANONYMOUS_PER_HOUR", "5", "CITAS_QUOTA_USER_PER_HOUR", "100",
                "CITAS_QUOTA_STAFF_PER_HOUR", "5000", "CITAS_REDIS_RETRY_INTERVAL_MS", "1000"));
    }

    @AfterAll
    void stop() throws Exception {
        stack.close();
    }

    private static String newClientIp() {
        return "203.0.113." + CLIENTS.incrementAndGet();
    }

    private Api client(String ip) {
        return stack.api().header("X-Forwarded-For", ip);
    }

    /** A customer registered and signed in from its own address, so the anonymous quota is not spent. */
    private String customerToken() {
        return client(newClientIp()).header("X-Forwarded-For", newClientIp()).newCustomer(Fixtures.unique("q"));
    }

    @Test
    void headersCountDownAndTheSixthAnonymousRequestIs429() {
        Api anonymous = client(newClientIp());
        for (int k = 1; k <= 5; k++) {
            Reply reply = anonymous.get("/categories");
            assertEquals(200, reply.status());
            assertEquals("\"anon\";q=5;w=3600", reply.header("RateLimit-Policy"));
            String rateLimit = reply.header("RateLimit");
            assertTrue(rateLimit.startsWith("\"anon\";r=" + (5 - k) + ";t="), rateLimit);
        }
        Reply refused = anonymous.get("/categories");
        assertEquals(429, refused.status());
        assertEquals("application/problem+json", refused.contentType());
        long retryAfter = Long.parseLong(refused.header("Retry-After"));
        assertTrue(retryAfter > 0 && retryAfter <= 720, "one token every 720 s: " + retryAfter);
        assertEquals("Request was throttled. Expected available in " + retryAfter + " seconds.",
                refused.json().get("detail").asText());
        Reply health = anonymous.get("/health");
        assertEquals(200, health.status(), "health is never throttled");
        assertNull(health.header("RateLimit"));
    }

    @Test
    void invalidTokensSpendTheAnonymousQuotaOfTheirAddress() {
        String ip = newClientIp();
        for (int i = 0; i < 5; i++) {
            assertEquals(401, client(ip).header("Authorization", "Bearer " + "x".repeat(43)).get("/me").status());
        }
        assertEquals(429, client(ip).get("/services").status());
        assertEquals(200, client(newClientIp()).get("/services").status(), "another address has its own bucket");
    }

    @Test
    void twoNodesSharingRedisAllowExactlyTheLimit() throws Exception {
        String token = customerToken();
        List<Api> nodes = List.of(stack.api().as(token), stack.secondNode().as(token));
        ExecutorService pool = Executors.newFixedThreadPool(32);
        try {
            List<Callable<Integer>> calls = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                Api node = nodes.get(i % 2);
                calls.add(() -> node.get("/me").status());
            }
            int allowed = 0;
            for (Future<Integer> status : pool.invokeAll(calls)) {
                allowed += status.get() == 200 ? 1 : 0;
                assertTrue(status.get() == 200 || status.get() == 429, "status " + status.get());
            }
            assertEquals(100, allowed, "exactly the user's 100 tokens, across both nodes");
        } finally {
            pool.shutdownNow();
        }
        assertTrue((Long) stack.jmxAttribute("citas:type=Quota", "RefusedUser") > 0, "node 1 counted its refusals");
    }

    @Test
    void failedSignInsAreLimitedPerUsername() {
        String username = Fixtures.unique("guess");
        Api attacker = client(newClientIp());
        attacker.header("X-Forwarded-For", newClientIp()).post("/auth/register", Map.of("username", username,
                "email", username + "@example.com", "password", "right-password-1", "fullName", "Victim"));
        for (int i = 0; i < 10; i++) {
            Api from = client(newClientIp());
            assertEquals(401, from.post("/auth/token", Map.of("username", username, "password", "wrong-" + i)).status());
        }
        Reply locked = client(newClientIp()).post("/auth/token", Map.of("username", username, "password", "right-password-1"));
        assertEquals(429, locked.status(), "even the right password waits until the window has passed");
        assertTrue(Long.parseLong(locked.header("Retry-After")) > 800);
    }

    @Test
    void redisOutageFallsBackToLocalBucketsAndComesBack() throws Exception {
        assumeTrue(stack.embeddedRedis() != null, "needs the embedded Redis it may stop");
        String token = customerToken();
        Api user = stack.api().as(token);
        stack.embeddedRedis().stop();
        try {
            int allowed = 0;
            for (int i = 0; i < 110; i++) {
                int status = user.get("/me").status();
                assertTrue(status == 200 || status == 429, "never an error: " + status);
                allowed += status == 200 ? 1 : 0;
            }
            assertEquals(100, allowed, "the same limit, enforced locally");
            assertEquals("local", stack.jmxAttribute("citas:type=Quota", "Mode"));
        } finally {
            stack.embeddedRedis().restart();
        }
        // The circuit tries Redis again every second (CITAS_REDIS_RETRY_INTERVAL_MS): back to shared buckets by itself.
        String mode = "local";
        for (int attempt = 0; attempt < 40 && !mode.equals("shared"); attempt++) {
            Thread.sleep(250);
            client(newClientIp()).get("/categories");
            mode = (String) stack.jmxAttribute("citas:type=Quota", "Mode");
        }
        assertEquals("shared", mode);
    }

    @Test
    void operatorsCanResetOneCaller() throws Exception {
        String ip = newClientIp();
        for (int i = 0; i < 5; i++) {
            client(ip).get("/categories");
        }
        assertEquals(429, client(ip).get("/categories").status());
        stack.jmxInvoke("citas:type=Quota", "resetCaller", new Object[] {"anon", ip});
        assertEquals(200, client(ip).get("/categories").status());
    }
}
