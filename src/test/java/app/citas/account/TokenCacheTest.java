package app.citas.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The near cache's rules, on a clock and a ticker moved by hand. */
class TokenCacheTest {
    private static final Duration TTL = Duration.ofMinutes(5);
    private final HandClock time = new HandClock();
    private final byte[] hash = Tokens.hash("a".repeat(Tokens.TOKEN_LENGTH));
    private final byte[] otherHash = Tokens.hash("b".repeat(Tokens.TOKEN_LENGTH));
    private final Caller caller = new Caller(7L, "ana", Role.USER, hash);
    private TokenCache cache;

    @BeforeEach
    void subscribedCache() {
        cache = new TokenCache(TTL, time, time);
        cache.subscribed();
    }

    private void remember(byte[] tokenHash, Instant expiresAt) {
        cache.remember(tokenHash, caller, expiresAt, cache.generation());
    }

    /** The heartbeat's pongs, as they keep the subscription fresh while time passes. */
    private void passWithPongs(Duration duration) {
        for (long ms = 0; ms < duration.toMillis(); ms += 200) {
            time.advance(Duration.ofMillis(200));
            cache.heard();
        }
    }

    @Test
    void servesALiveTokenItWasGiven() {
        remember(hash, time.instant().plus(Duration.ofDays(30)));

        assertEquals(Optional.of(caller), cache.find(hash));
        assertEquals(Optional.empty(), cache.find(otherHash));
    }

    @Test
    void anEntryLivesAtMostItsTimeToLive() {
        remember(hash, time.instant().plus(Duration.ofDays(30)));

        passWithPongs(TTL.minusSeconds(1));
        assertTrue(cache.find(hash).isPresent());
        passWithPongs(Duration.ofSeconds(1));
        assertEquals(Optional.empty(), cache.find(hash));
    }

    @Test
    void anEntryNeverOutlivesItsToken() {
        remember(hash, time.instant().plusSeconds(30));

        passWithPongs(Duration.ofSeconds(29));
        assertTrue(cache.find(hash).isPresent());
        passWithPongs(Duration.ofSeconds(1));
        assertEquals(Optional.empty(), cache.find(hash), "expired at its expiresAt");
    }

    @Test
    void anExpiredTokenIsNeverServedEvenIfTheWallClockJumps() {
        remember(hash, time.instant().plusSeconds(60));

        time.jumpWallClock(Duration.ofSeconds(60)); // the ticker has not moved: only the token's expiry says no
        assertEquals(Optional.empty(), cache.find(hash));
    }

    @Test
    void anExpiredTokenIsNotRemembered() {
        remember(hash, time.instant());

        assertEquals(Optional.empty(), cache.find(hash));
        assertEquals(0, cache.size());
    }

    @Test
    void aForgottenTokenIsGone() {
        remember(hash, time.instant().plus(Duration.ofDays(1)));
        remember(otherHash, time.instant().plus(Duration.ofDays(1)));

        cache.forget(TokenCache.key(hash));

        assertEquals(Optional.empty(), cache.find(hash));
        assertTrue(cache.find(otherHash).isPresent(), "only the revoked token is forgotten");
    }

    @Test
    void aLookupThatRacedARevocationIsNotRemembered() {
        long seen = cache.generation(); // the database lookup begins, and finds the token live
        cache.forget(hash); // meanwhile its revocation commits and is heard
        cache.remember(hash, caller, time.instant().plus(Duration.ofDays(1)), seen);

        assertEquals(Optional.empty(), cache.find(hash));
        assertEquals(0, cache.size());
    }

    @Test
    void notSubscribedItServesNothingRemembersNothingAndStartsAgainEmpty() {
        remember(hash, time.instant().plus(Duration.ofDays(1)));

        cache.unsubscribed();
        assertFalse(cache.serving());
        assertEquals(Optional.empty(), cache.find(hash));
        assertEquals(0, cache.size(), "cleared when the subscription was lost");
        remember(otherHash, time.instant().plus(Duration.ofDays(1)));
        assertEquals(0, cache.size(), "nothing remembered while not subscribed");

        cache.subscribed();
        assertEquals(Optional.empty(), cache.find(hash));
        remember(hash, time.instant().plus(Duration.ofDays(1)));
        assertTrue(cache.find(hash).isPresent());
    }


    @Test
    void silenceIsMeasuredOnlyOnASubscriptionFromWhenItBegan() {
        TokenCache fresh = new TokenCache(TTL, time, time);
        time.advance(Duration.ofMinutes(1));
        assertEquals(0, fresh.silence(), "no subscription yet: the heartbeat must not drop the one being made");

        cache.heard();
        time.advance(Duration.ofSeconds(3));
        assertEquals(Duration.ofSeconds(3).toNanos(), cache.silence());
        cache.unsubscribed();
        time.advance(Duration.ofMinutes(1));
        assertEquals(0, cache.silence(), "between subscriptions: the old one's silence is not the new one's");
        cache.subscribed();
        assertEquals(0, cache.silence());
    }
    @Test
    void aLookupThatSpannedAResubscriptionIsNotRemembered() {
        long seen = cache.generation();
        cache.unsubscribed(); // a revocation published now is lost to this node
        cache.subscribed();
        cache.remember(hash, caller, time.instant().plus(Duration.ofDays(1)), seen);

        assertEquals(Optional.empty(), cache.find(hash));
    }

    @Test
    void aSilentSubscriptionIsNotServedUntilRedisSpeaksAgain() {
        remember(hash, time.instant().plus(Duration.ofDays(1)));

        time.advance(TokenCache.FRESHNESS);
        assertTrue(cache.find(hash).isPresent(), "heard from just within the freshness");
        time.advance(Duration.ofMillis(1));
        assertEquals(Optional.empty(), cache.find(hash), "silent too long: a revocation may be on its way");
        remember(otherHash, time.instant().plus(Duration.ofDays(1)));

        cache.heard(); // a pong on the same connection: every message published before it has arrived
        assertTrue(cache.find(hash).isPresent());
        assertEquals(Optional.empty(), cache.find(otherHash), "nothing was remembered while silent");
    }

    @Test
    void neverServesBeforeTheFirstSubscription() {
        TokenCache fresh = new TokenCache(TTL, time, time);
        fresh.remember(hash, caller, time.instant().plus(Duration.ofDays(1)), fresh.generation());

        assertFalse(fresh.serving());
        assertEquals(Optional.empty(), fresh.find(hash));
    }

    @Test
    void aZeroTimeToLiveIsNoCache() {
        TokenCache off = new TokenCache(Duration.ZERO, time, time);
        off.subscribed();
        off.remember(hash, caller, time.instant().plus(Duration.ofDays(1)), off.generation());

        assertFalse(off.enabled());
        assertEquals(Optional.empty(), off.find(hash));
    }

    @Test
    void keyedByTheHashInHexNeverTheToken() {
        assertEquals(64, TokenCache.key(hash).length());
        assertTrue(TokenCache.key(hash).matches("[0-9a-f]{64}"));
    }

    /** A wall clock and a monotonic ticker moved together by the test; the wall clock can also jump alone. */
    private static final class HandClock extends Clock implements Ticker {
        private Instant wall = Instant.parse("2026-03-01T10:00:00Z");
        private long nanos = 1_000_000_000L;

        void advance(Duration duration) {
            wall = wall.plus(duration);
            nanos += duration.toNanos();
        }

        void jumpWallClock(Duration duration) {
            wall = wall.plus(duration);
        }

        @Override
        public long read() {
            return nanos;
        }

        @Override
        public Instant instant() {
            return wall;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }
    }
}
