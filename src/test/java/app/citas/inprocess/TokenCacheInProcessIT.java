package app.citas.inprocess;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.citas.dev.Reply;
import app.citas.testing.Api;
import app.citas.testing.CitasExtension;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;

/**
 * The near cache of tokens through the real filters: a warm authenticated cached read sends no SQL and makes no
 * transaction; sign-out refuses the token at once on this node; a revocation published on the channel by another
 * node (played here by the test) is heard.
 */
class TokenCacheInProcessIT {
    @RegisterExtension
    static final CitasExtension CITAS = new CitasExtension(Map.of("CITAS_CACHE_ENABLED", "true"));
    private static final String PAGE = "/services?page=1&size=20";

    private static String channel() {
        return CITAS.keyPrefix() + "tokens:revoked";
    }

    private static Jedis redis() {
        URI uri = URI.create(CITAS.redisUrl());
        Jedis jedis = new Jedis(uri.getHost(), uri.getPort());
        String db = uri.getPath();
        if (db != null && db.length() > 1) {
            jedis.select(Integer.parseInt(db.substring(1)));
        }
        return jedis;
    }

    /** The application subscribes in a thread of its own once started: wait (bounded) until Redis counts it. */
    @BeforeAll
    static void subscribed() throws InterruptedException {
        try (Jedis jedis = redis()) {
            for (int i = 0; i < 50; i++) {
                if (jedis.pubsubNumSub(channel()).getOrDefault(channel(), 0L) > 0) {
                    return;
                }
                Thread.sleep(100);
            }
        }
        throw new AssertionError("the application never subscribed to " + channel());
    }

    private static String hashHex(String token) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(token.getBytes(StandardCharsets.US_ASCII)));
    }

    private record Cost(long statements, long transactions) {
    }

    private static Cost get(Api api, String path, int status) {
        long statements = CITAS.sqlStatements();
        long transactions = CITAS.transactions();
        Reply reply = api.get(path);
        assertEquals(status, reply.status(), path + " " + reply.body());
        return new Cost(CITAS.sqlStatements() - statements, CITAS.transactions() - transactions);
    }

    @Test
    void aWarmAuthenticatedCachedReadSendsNoSqlAndMakesNoTransaction() {
        Api customer = CITAS.customer();
        Cost first = get(customer, PAGE, 200);
        assertTrue(first.statements() >= 1, "the first read looks the token up: " + first);
        assertEquals(1, first.transactions(), "the token lookup and the page share one transaction");

        assertEquals(new Cost(0, 0), get(customer, PAGE, 200), "warm token, cached page");
        assertEquals(new Cost(0, 0), get(customer, PAGE, 200), "and again");
    }

    @Test
    void signOutRefusesTheTokenAtOnceOnThisNode() {
        Api customer = CITAS.customer();
        get(customer, PAGE, 200);
        assertEquals(new Cost(0, 0), get(customer, PAGE, 200), "the token is cached");

        assertEquals(204, customer.delete("/auth/token").status());

        Reply refused = customer.get(PAGE);
        assertEquals(401, refused.status(), refused.body());
        assertEquals(401, customer.get("/me").status());
    }

    @Test
    void aRevocationPublishedByAnotherNodeIsHeard() throws Exception {
        String username = CitasExtension.unique("elsewhere");
        String token = CITAS.api().newCustomer(username);
        Api customer = CITAS.api().as(token);
        get(customer, PAGE, 200);
        assertEquals(new Cost(0, 0), get(customer, PAGE, 200), "the token is cached");

        // Another node revokes it: the row, then the hash on the channel.
        assertEquals(1, CITAS.update("update api_tokens set revoked_at = now() where user_id = "
                + "(select id from users where username = ?)", username));
        try (Jedis jedis = redis()) {
            assertTrue(jedis.publish(channel(), hashHex(token)) >= 1, "someone listens on " + channel());
        }

        int status = 200;
        for (int i = 0; i < 20 && status == 200; i++) {
            Thread.sleep(50);
            status = customer.get(PAGE).status();
        }
        assertEquals(401, status, "refused within a second of the revocation's message");
    }

    @Test
    void anInvalidTokenIsNotCached() {
        Api guesser = CITAS.api().as("x".repeat(43));
        assertEquals(1, get(guesser, PAGE, 401).statements(), "an unknown token is looked up");
        assertEquals(1, get(guesser, PAGE, 401).statements(), "and looked up again: never cached as a negative");
    }
}
