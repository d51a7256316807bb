package app.citas.quota;

import app.citas.platform.Redis;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * One token bucket per caller (capacity = hourly limit, refilled smoothly), kept in Redis so every node shares
 * it and restarts forget nothing; a busy caller's tokens are taken a few at a time ({@link TokenPockets}); while
 * Redis is unreachable, local buckets with the same limits take over.
 */
final class QuotaBuckets {
    private final Map<Policy, SharedBuckets.Rate> rates = new EnumMap<>(Policy.class);
    private final Map<Policy, Integer> limits = new EnumMap<>(Policy.class);
    private final SharedBuckets shared;
    private final Cache<String, Bucket> local;
    private final TokenPockets pockets = new TokenPockets();
    private final LongAdder redisDecisions = new LongAdder();
    private final TimeMeter clock;
    private final Redis redis;
    private final String keyPrefix;
    private volatile boolean lastShared = true;

    QuotaBuckets(QuotaSettings settings, Redis redis, String keyPrefix, TimeMeter clock) {
        this.redis = redis;
        this.keyPrefix = keyPrefix + "quota:gcra:";
        this.clock = clock;
        for (Policy policy : Policy.values()) {
            int limit = policy.limitPerHour(settings);
            limits.put(policy, limit);
            rates.put(policy, SharedBuckets.Rate.perHour(limit));
        }
        this.shared = new SharedBuckets(redis);
        this.local = Caffeine.newBuilder().maximumSize(200_000).expireAfterAccess(Duration.ofHours(1)).build();
    }

    Decision consume(Policy policy, String caller) {
        String key = key(policy, caller);
        SharedBuckets.Rate rate = rates.get(policy);
        long now = clock.currentTimeNanos();
        Decision known = pockets.take(key, policy, rate.limit(), now);
        if (known != null) {
            return known;
        }
        SharedBuckets.Spent spent = shared.spend(key, rate, now / 1_000, pockets.wanted(key, now));
        if (lastShared != (spent != null)) {
            lastShared = spent != null;   // written on a change only: a shared field written per request costs
        }
        if (spent != null) {
            redisDecisions.increment();
            long remaining = spent.remaining(rate);
            pockets.keep(key, spent, remaining, now);
            return new Decision(policy, rate.limit(), spent.allowed(), remaining + Math.max(0, spent.taken() - 1),
                    Decision.seconds(spent.microsUntilToken() * 1_000),
                    Decision.seconds(spent.microsUntilFull() * 1_000));
        }
        ConsumptionProbe probe = localBucket(policy, key).tryConsumeAndReturnRemaining(1);
        return new Decision(policy, rate.limit(), probe.isConsumed(), probe.getRemainingTokens(),
                probe.isConsumed() ? 0 : Decision.seconds(probe.getNanosToWaitForRefill()),
                Decision.seconds(probe.getNanosToWaitForReset()));
    }

    private Bucket localBucket(Policy policy, String key) {
        int limit = limits.get(policy);
        return local.get(key, k -> Bucket.builder()
                .addLimit(Bandwidth.builder().capacity(limit).refillGreedy(limit, Duration.ofHours(1)).build())
                .withCustomTimePrecision(clock).build());
    }

    /** Forgets a caller's buckets (shared and local), so it starts again with a full quota. */
    void reset(String policyLabel, String caller) {
        for (Policy policy : Policy.values()) {
            if (policy.label.equals(policyLabel)) {
                String key = key(policy, caller);
                shared.forget(key);
                local.invalidate(key);
                pockets.forget(key);
            }
        }
    }

    /** True while buckets live in Redis; false while local buckets stand in for an unreachable Redis. */
    boolean shared() {
        return lastShared && redis.reachable();
    }

    /** Decisions Redis took for this node (the others came from a pocket, a kept refusal or a local bucket). */
    long redisDecisions() {
        return redisDecisions.sum();
    }

    Map<Policy, Integer> limits() {
        return limits;
    }

    /**
     * The limit is part of the key, so a changed limit applies at once to callers already in Redis (a bucket
     * spent under the old limit would otherwise be read with the new interval). A new limit starts callers with a
     * full bucket. "gcra:" keeps these keys apart from the Bucket4j buckets of earlier versions (and a rollback).
     */
    private String key(Policy policy, String caller) {
        return keyPrefix + policy.label + ":" + limits.get(policy) + ":" + caller;
    }

}
