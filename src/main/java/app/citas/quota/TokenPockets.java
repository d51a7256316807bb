package app.citas.quota;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;

/**
 * What this node knows of a caller's shared bucket between two round trips to Redis: tokens it took ahead of the
 * requests that spend them (a pocket), or that the bucket was empty (a refusal, kept until the next token is due).
 * Both last at most {@link #LIFETIME}, so a caller's busy stream costs one round trip per pocket rather than per
 * request, and a caller hammering an empty bucket is refused here.
 *
 * <p>Why it stays exact: a pocketed token was taken from the shared bucket, so all nodes together allow no more than
 * the one bucket would. A pocket is spent within a second or lost, and a bucket refills one token of any limit up to
 * 3,600 an hour in no less than a second, so pocket and bucket never hold more than the limit together; above that
 * rate, by at most the pocket (1% of the tokens held, {@link SharedBuckets}). A refusal is kept no longer than a
 * second either: an operator's reset on another node reaches this one within it.
 *
 * <p>Pocket sizes follow the caller's pace on this node: a first request (or one after a quiet spell) takes one
 * token; a pocket spent dry within its second asks for twice as many next time; one that expired asks for as many
 * as were spent from it. So a caller sending one request now and then takes one token at a time, and tokens that
 * expire unspent stay few.
 */
final class TokenPockets {
    static final Duration LIFETIME = Duration.ofSeconds(1);
    /** The most tokens one round trip takes. */
    static final int MAX_POCKET = 64;
    private static final long LIFETIME_NANOS = LIFETIME.toNanos();

    private final Cache<String, Entry> entries = Caffeine.newBuilder()
            .maximumSize(200_000).expireAfterAccess(Duration.ofSeconds(10)).build();

    /** A decision from what this node holds for the key, or null when Redis must be asked. */
    Decision take(String key, Policy policy, int limit, long nowNanos) {
        Entry entry = entries.getIfPresent(key);
        return entry == null ? null : entry.take(policy, limit, nowNanos);
    }

    /** How many tokens to ask Redis for, from what the key's last pocket showed of the caller's pace. */
    int wanted(String key, long nowNanos) {
        Entry entry = entries.getIfPresent(key);
        return entry == null ? 1 : entry.nextSize(nowNanos);
    }

    /** Keeps what Redis answered: the tokens taken beyond this request's one, or a refusal. */
    void keep(String key, SharedBuckets.Spent spent, long remainingInRedis, long nowNanos) {
        Entry kept = spent.allowed()
                ? Entry.pocket(spent.taken(), remainingInRedis, nowNanos, nowNanos + spent.microsUntilFull() * 1_000)
                : Entry.refusal(nowNanos, nowNanos + spent.microsUntilToken() * 1_000,
                        nowNanos + spent.microsUntilFull() * 1_000);
        // Requests of one caller racing to Redis each bring tokens back: none may be dropped.
        entries.asMap().merge(key, kept, (held, fresh) -> held.joinedWith(fresh, nowNanos));
    }

    void forget(String key) {
        entries.invalidate(key);
    }

    private static final class Entry {
        private final int taken;              // tokens of the round trip, the request's own included; 0: a refusal
        private final long remainingInRedis;  // what the bucket held after it
        private final long keptAt;
        private final long expiresAt;
        private final long tokenAt;           // a refusal: when the next token is due
        private final long fullAt;
        private int left;

        private Entry(int taken, long remainingInRedis, long keptAt, long expiresAt, long tokenAt, long fullAt) {
            this.taken = taken;
            this.left = Math.max(0, taken - 1);
            this.remainingInRedis = remainingInRedis;
            this.keptAt = keptAt;
            this.expiresAt = expiresAt;
            this.tokenAt = tokenAt;
            this.fullAt = fullAt;
        }

        static Entry pocket(long taken, long remainingInRedis, long now, long fullAt) {
            return new Entry((int) Math.min(taken, MAX_POCKET), remainingInRedis, now, now + LIFETIME_NANOS, 0, fullAt);
        }

        static Entry refusal(long now, long tokenAt, long fullAt) {
            return new Entry(0, 0, now, Math.min(tokenAt, now + LIFETIME_NANOS), tokenAt, fullAt);
        }

        synchronized Decision take(Policy policy, int limit, long now) {
            if (now >= expiresAt || now < keptAt) {
                return null;
            }
            if (taken == 0) {
                return new Decision(policy, limit, false, 0, Decision.seconds(tokenAt - now),
                        Decision.seconds(fullAt - now));
            }
            if (left == 0) {
                return null;
            }
            left--;
            return new Decision(policy, limit, true, remainingInRedis + left, 0, Decision.seconds(fullAt - now));
        }

        /** This entry and a newer one in one: tokens still held here are kept, a refusal does not hide them. */
        synchronized Entry joinedWith(Entry fresh, long now) {
            if (taken == 0 || left == 0 || now >= expiresAt) {
                return fresh;
            }
            if (fresh.taken == 0) {
                return this;
            }
            Entry joined = new Entry(fresh.taken, fresh.remainingInRedis, fresh.keptAt, fresh.expiresAt, 0,
                    fresh.fullAt);
            joined.left = fresh.left + left;
            left = 0;   // moved: a request still holding this entry must not spend them too
            return joined;
        }

        synchronized int nextSize(long now) {
            if (taken == 0 || now >= expiresAt + LIFETIME_NANOS) {
                return 1;   // a refusal, or a quiet spell since
            }
            // Spent dry: a busy caller, twice as many; else as many as were spent (the request's own included).
            return left == 0 ? Math.min(MAX_POCKET, 2 * taken) : Math.max(1, taken - left);
        }
    }

}
