package app.citas.quota;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Pocket sizes and lifetimes, with instants the test picks (no Redis: the round trips' answers are given). */
class TokenPocketsTest {
    private static final long MS = 1_000_000L;
    private static final long HOUR_MICROS = 3_600_000_000L;
    private final TokenPockets pockets = new TokenPockets();

    /** Redis's answer to a round trip that took {@code taken} tokens and left the bucket full again in an hour. */
    private static SharedBuckets.Spent took(long taken) {
        return new SharedBuckets.Spent(taken, HOUR_MICROS, 0);
    }

    @Test
    void aFirstRequestTakesOneTokenAndABusyCallerTwiceAsManyEachTime() {
        assertEquals(1, pockets.wanted("k", 0));
        pockets.keep("k", took(1), 500, 0);
        assertNull(pockets.take("k", Policy.USER, 1000, 10 * MS), "nothing pocketed beyond the request's own token");
        assertEquals(2, pockets.wanted("k", 10 * MS));
        pockets.keep("k", took(2), 498, 10 * MS);
        Decision fromPocket = pockets.take("k", Policy.USER, 1000, 20 * MS);
        assertTrue(fromPocket.allowed());
        assertEquals(498, fromPocket.remaining(), "what Redis holds, and nothing left in the pocket");
        assertNull(pockets.take("k", Policy.USER, 1000, 30 * MS));
        assertEquals(4, pockets.wanted("k", 30 * MS));
        long now = 30 * MS;
        for (int size = 4; size < TokenPockets.MAX_POCKET; size *= 2) {
            pockets.keep("k", took(size), 400, now);
            for (int i = 1; i < size; i++) {
                assertTrue(pockets.take("k", Policy.USER, 1000, now + i).allowed());
            }
            assertNull(pockets.take("k", Policy.USER, 1000, now + size));
            assertEquals(Math.min(2 * size, TokenPockets.MAX_POCKET), pockets.wanted("k", now + size));
        }
    }

    @Test
    void aPocketLastsASecondThenTheNextOneIsAsLargeAsWhatWasSpent() {
        pockets.keep("k", took(16), 900, 0);
        for (int i = 1; i <= 5; i++) {
            Decision decision = pockets.take("k", Policy.USER, 1000, i * MS);
            assertTrue(decision.allowed());
            assertEquals(900 + 15 - i, decision.remaining());
        }
        assertNull(pockets.take("k", Policy.USER, 1000, 1000 * MS), "expired: ten tokens lost to the caller");
        assertEquals(6, pockets.wanted("k", 1000 * MS), "the request that took the pocket and five from it");
        assertEquals(1, pockets.wanted("k", 2500 * MS), "after a quiet spell, one token at a time again");
    }

    @Test
    void aRefusalIsKeptUntilTheNextTokenIsDueAndNoLongerThanASecond() {
        pockets.keep("soon", new SharedBuckets.Spent(0, HOUR_MICROS, 300_000), 0, 0);
        Decision refused = pockets.take("soon", Policy.ANON, 100, 100 * MS);
        assertFalse(refused.allowed());
        assertEquals(1, refused.retryAfterSeconds());
        assertEquals("\"anon\";r=0;t=3600", refused.rateLimitHeader());
        assertNull(pockets.take("soon", Policy.ANON, 100, 300 * MS), "the token is due: ask Redis");

        pockets.keep("later", new SharedBuckets.Spent(0, HOUR_MICROS, 36_000_000), 0, 0);
        assertEquals(36, pockets.take("later", Policy.ANON, 100, 999 * MS).retryAfterSeconds());
        assertNull(pockets.take("later", Policy.ANON, 100, 1000 * MS), "a second at most, for a reset elsewhere");
        assertEquals(1, pockets.wanted("later", 1000 * MS));
    }

    @Test
    void tokensBroughtBackByRacingRequestsAreAllKept() {
        pockets.keep("k", took(8), 800, 0);
        pockets.keep("k", took(8), 792, 0);
        pockets.keep("k", new SharedBuckets.Spent(0, HOUR_MICROS, 1000), 0, 0);
        int allowed = 0;
        for (Decision decision = pockets.take("k", Policy.USER, 1000, MS); decision != null && decision.allowed();
                decision = pockets.take("k", Policy.USER, 1000, MS)) {
            allowed++;
        }
        assertEquals(14, allowed, "seven pocketed by each round trip; the refusal hid none of them");
    }

    @Test
    void aForgottenCallerStartsAfresh() {
        pockets.keep("k", took(8), 800, 0);
        pockets.forget("k");
        assertNull(pockets.take("k", Policy.USER, 1000, MS));
        assertEquals(1, pockets.wanted("k", MS));
    }
}
