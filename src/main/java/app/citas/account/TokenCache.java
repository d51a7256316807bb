package app.citas.account;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A node's near cache of live tokens, so a warm authenticated request sends no SQL: keyed by the token's SHA-256
 * (never the token), holding the resolved {@link Caller} and the token's expiry. Its rules:
 * <ul>
 * <li>An entry lives at most the configured time after it was written, and never past its token's expiry; an
 *     expired token is never served, whatever Caffeine has not yet evicted. Unknown, revoked and expired tokens
 *     are never cached (the quota filter already charges a guesser per client address).</li>
 * <li>Revocations reach it through {@link TokenRevocations} (Redis pub/sub). It serves only while that subscription
 *     is up and was heard from (a message or a pong) within {@link #FRESHNESS}; once the subscription is lost it is
 *     cleared, and it serves again only after a new subscription, which clears it once more: a revocation published
 *     while this node was not listening cannot leave a stale entry behind.</li>
 * <li>A database lookup remembers its answer only if nothing was invalidated (nor the subscription changed) since
 *     the lookup began, so a lookup racing a revocation cannot put back the token it revoked.</li>
 * </ul>
 * Timing (entry lifetime, freshness) runs on a monotonic {@link Ticker}; token expiry on the wall {@link Clock}.
 */
final class TokenCache {
    /** Longer than this without a message or a pong from Redis, and the cache is not served. */
    static final Duration FRESHNESS = Duration.ofMillis(600);
    /** About 300 bytes an entry: at most some 30 MB. */
    static final long MAXIMUM_SIZE = 100_000;
    private static final HexFormat HEX = HexFormat.of();

    /** What a live token resolves to, until when. */
    record Entry(Caller caller, Instant expiresAt) {
    }

    private final Cache<String, Entry> entries;
    private final Clock clock;
    private final Ticker ticker;
    private final AtomicLong generation = new AtomicLong();
    private volatile boolean subscribed;
    private volatile long lastHeard;

    /** @param timeToLive how long after it was written an entry may be served; zero turns the cache off */
    TokenCache(Duration timeToLive, Clock clock, Ticker ticker) {
        this.clock = clock;
        this.ticker = ticker;
        this.entries = timeToLive.isZero() ? null : Caffeine.newBuilder()
                .maximumSize(MAXIMUM_SIZE)
                .ticker(ticker)
                .executor(Runnable::run)
                .expireAfter(Expiry.writing((String key, Entry entry) -> {
                    Duration untilExpiry = Duration.between(clock.instant(), entry.expiresAt());
                    return untilExpiry.isNegative() ? Duration.ZERO
                            : untilExpiry.compareTo(timeToLive) < 0 ? untilExpiry : timeToLive;
                }))
                .build();
    }

    /** No cache at all: every lookup goes to the database (operator commands, CITAS_TOKEN_CACHE_SECONDS=0). */
    static TokenCache disabled() {
        return new TokenCache(Duration.ZERO, Clock.systemUTC(), Ticker.systemTicker());
    }

    boolean enabled() {
        return entries != null;
    }

    static String key(byte[] tokenHash) {
        return HEX.formatHex(tokenHash);
    }

    /** The caller of a live token this node remembers; empty when unknown here or when the cache may not be served. */
    Optional<Caller> find(byte[] tokenHash) {
        if (!serving()) {
            return Optional.empty();
        }
        String key = key(tokenHash);
        Entry entry = entries.getIfPresent(key);
        if (entry == null) {
            return Optional.empty();
        }
        if (!entry.expiresAt().isAfter(clock.instant())) {
            entries.invalidate(key);
            return Optional.empty();
        }
        return Optional.of(entry.caller());
    }

    /** Taken before a database lookup and handed to {@link #remember}: which invalidations the lookup has seen. */
    long generation() {
        return generation.get();
    }

    /**
     * Remembers a live token found in the database, unless the cache is not being served or anything was
     * invalidated since {@code seen} was taken.
     */
    void remember(byte[] tokenHash, Caller caller, Instant expiresAt, long seen) {
        if (!serving() || generation.get() != seen || !expiresAt.isAfter(clock.instant())) {
            return;
        }
        String key = key(tokenHash);
        entries.put(key, new Entry(caller, expiresAt));
        // An invalidation between the check above and the put counts up first and then removes the key: either it
        // removed this entry, or it is seen here.
        if (generation.get() != seen) {
            entries.invalidate(key);
        }
    }

    /** Forgets one token (its hash, hex): it was revoked, here or on another node. */
    void forget(String key) {
        generation.incrementAndGet();
        if (entries != null) {
            entries.invalidate(key);
        }
    }

    void forget(byte[] tokenHash) {
        forget(key(tokenHash));
    }

    /** The subscription to revocations is up: start from nothing (what was published meanwhile is unknown). */
    void subscribed() {
        generation.incrementAndGet();
        clear();
        lastHeard = ticker.read();
        subscribed = true;
    }

    /** The subscription is lost: serve nothing and remember nothing until it is back. */
    void unsubscribed() {
        subscribed = false;
        generation.incrementAndGet();
        clear();
    }

    /** Redis spoke on the subscription (a message, a pong): everything published before has arrived. */
    void heard() {
        lastHeard = ticker.read();
    }

    /**
     * Nanoseconds since Redis last spoke on the subscription, or zero while there is none. Jedis reports a
     * connection subscribed just before it calls {@code onSubscribe}; a heartbeat in between must not measure the
     * silence from the previous subscription (or from no subscription at all) and drop the new one.
     */
    long silence() {
        return subscribed ? ticker.read() - lastHeard : 0;
    }

    boolean serving() {
        return entries != null && subscribed && silence() <= FRESHNESS.toNanos();
    }

    long size() {
        if (entries == null) {
            return 0;
        }
        entries.cleanUp();
        return entries.estimatedSize();
    }

    private void clear() {
        if (entries != null) {
            entries.invalidateAll();
        }
    }
}
