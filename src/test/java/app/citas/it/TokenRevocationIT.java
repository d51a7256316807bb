package app.citas.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.citas.dev.Api;
import app.citas.dev.Reply;
import app.citas.stack.StackExtension;
import app.citas.stack.TestStack;
import app.citas.testing.Fixtures;
import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.ClientKillParams;

/**
 * Revoking a token on two nodes sharing PostgreSQL and Redis, each with its near cache of tokens warm: the revoking
 * node refuses it at once, the other within a second (its subscriber hears the revocation); and a node whose
 * subscription to revocations was cut forgets what it cached, so a revocation it never heard of still applies.
 * Waits are short bounded polls, never a performance assertion.
 */
@ExtendWith(StackExtension.class)
class TokenRevocationIT {
    private static final String PAGE = "/services?page=1&size=20";

    private TestStack stack;
    private Api node1;
    private Api node2;

    @BeforeEach
    void bothNodesSubscribed(TestStack stack) throws Exception {
        this.stack = stack;
        node1 = stack.api();
        node2 = stack.secondNode();
        awaitSubscribers(2);
    }

    private String prefix() {
        return stack.environment().get("CITAS_REDIS_KEY_PREFIX");
    }

    private Jedis redis() {
        return new Jedis(URI.create(stack.environment().get("CITAS_REDIS_URL")));
    }

    /** Each node subscribes in a thread of its own once deployed: wait (bounded) until Redis counts both. */
    private void awaitSubscribers(long nodes) throws InterruptedException {
        String channel = prefix() + "tokens:revoked";
        long subscribers = 0;
        try (Jedis jedis = redis()) {
            for (int i = 0; i < 50 && subscribers < nodes; i++) {
                subscribers = jedis.pubsubNumSub(channel).getOrDefault(channel, 0L);
                if (subscribers < nodes) {
                    Thread.sleep(100);
                }
            }
        }
        assertEquals(nodes, subscribers, "subscribers to " + channel);
    }

    /** A signed-in customer whose token both nodes have used twice (their near caches are warm). */
    private String warmToken() throws Exception {
        String token = node1.newCustomer(Fixtures.unique("revoked"));
        for (Api node : List.of(node1.as(token), node2.as(token))) {
            for (int i = 0; i < 2; i++) {
                Reply reply = node.get(PAGE);
                assertEquals(200, reply.status(), reply.body());
            }
        }
        long before = stack.sqlStatements();
        assertEquals(200, node1.as(token).get(PAGE).status());
        assertEquals(0, stack.sqlStatements() - before, "node 1 answers a warm token from its near cache");
        return token;
    }

    /** Polls (20 waits of 100 ms at most) until the node refuses the token; the number of waits it took. */
    private int waitsUntilRefused(Api node) throws InterruptedException {
        for (int waits = 0; waits <= 20; waits++) {
            int status = node.get(PAGE).status();
            if (status == 401) {
                return waits;
            }
            assertEquals(200, status);
            Thread.sleep(100);
        }
        throw new AssertionError("the revoked token still works after 2 s");
    }

    @Test
    void aRevokedTokenStopsAtOnceOnItsNodeAndWithinASecondOnTheOther() throws Exception {
        String token = warmToken();

        assertEquals(204, node1.as(token).delete("/auth/token").status());

        Reply refused = node1.as(token).get(PAGE);
        assertEquals(401, refused.status(), "refused at once on the revoking node: " + refused.body());
        assertEquals("application/problem+json", refused.contentType());
        int waits = waitsUntilRefused(node2.as(token));
        assertTrue(waits <= 10, "node 2 refused it after " + waits + " waits of 100 ms");
        assertEquals(401, node1.as(token).get("/me").status());
        assertEquals(401, node2.as(token).get("/me").status());
    }

    @Test
    void aNodeThatLostItsSubscriptionForgetsWhatItCached() throws Exception {
        String token = warmToken();

        // Cut both nodes' subscriber connections (named by the stack's key prefix, so no other stack's), then revoke
        // the token behind the application's back: nobody publishes it, as when a message is lost with a connection.
        int cut = 0;
        try (Jedis jedis = redis()) {
            for (String client : jedis.clientList().split("\n")) {
                if (client.contains(" name=" + prefix() + "token-revocations ")) {
                    jedis.clientKill(new ClientKillParams().id(client.substring(3, client.indexOf(' '))));
                    cut++;
                }
            }
        }
        assertEquals(2, cut, "one subscriber connection per node");
        try (Connection db = stack.jdbc(); PreparedStatement revoke = db.prepareStatement(
                "update api_tokens set revoked_at = now() where token_hash = sha256(?::bytea)")) {
            revoke.setString(1, token);
            assertEquals(1, revoke.executeUpdate());
        }

        assertTrue(waitsUntilRefused(node1.as(token)) <= 10, "node 1 refuses it");
        assertTrue(waitsUntilRefused(node2.as(token)) <= 10, "node 2 refuses it");
        awaitSubscribers(2); // both nodes came back by themselves
        String another = warmToken();
        assertFalse(another.isEmpty(), "and cache again once subscribed");
    }
}
