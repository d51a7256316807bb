package app.citas.quota;

import app.citas.platform.Redis;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.distributed.proxy.optimization.Optimizations;
import io.github.bucket4j.redis.jedis.Bucket4jJedis;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/**
 * One token bucket per caller (capacity = hourly limit, refilled smoothly), kept in Redis so every node shares
 * it and restarts forget nothing; while Redis is unreachable, local buckets with the same limits take over.
 */
final class QuotaBuckets {
    private final Map<Policy, BucketConfiguration> configurations = new EnumMap<>(Policy.class);
    private final Map<Policy, Integer> limits = new EnumMap<>(Policy.class);
    private final ProxyManager<byte[]> shared;
    /** Bucket proxies kept per caller: batching merges the concurrent requests of one caller into one Redis CAS. */
    private final Cache<String, Bucket> sharedProxies;
    private final Cache<String, Bucket> local;
    private final TimeMeter clock;
    private final Redis redis;
    private final String keyPrefix;
    private volatile boolean lastShared = true;

    QuotaBuckets(QuotaSettings settings, Redis redis, String keyPrefix, TimeMeter clock) {
        this.redis = redis;
        this.keyPrefix = keyPrefix + "quota:";
        this.clock = clock;
        for (Policy policy : Policy.values()) {
            int limit = policy.limitPerHour(settings);
            limits.put(policy, limit);
            configurations.put(policy, BucketConfiguration.builder()
                    .addLimit(bandwidth -> bandwidth.capacity(limit).refillGreedy(limit, Duration.ofHours(1)))
                    .build());
        }
        this.shared = Bucket4jJedis.casBasedBuilder(redis.pool())
                .clientClock(clock)
                .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ofMinutes(1)))
                .build();
        this.sharedProxies = Caffeine.newBuilder().maximumSize(200_000).expireAfterAccess(Duration.ofMinutes(10)).build();
        this.local = Caffeine.newBuilder().maximumSize(200_000).expireAfterAccess(Duration.ofHours(1)).build();
    }

    Decision consume(Policy policy, String caller) {
        String key = key(policy, caller);
        ConsumptionProbe probe = redis.guarded(() -> sharedProxy(policy, key).tryConsumeAndReturnRemaining(1), null);
        lastShared = probe != null;
        if (probe == null) {
            probe = localBucket(policy, key).tryConsumeAndReturnRemaining(1);
        }
        return new Decision(policy, limits.get(policy), probe.isConsumed(), probe.getRemainingTokens(),
                probe.isConsumed() ? 0 : seconds(probe.getNanosToWaitForRefill()), seconds(probe.getNanosToWaitForReset()));
    }

    private Bucket sharedProxy(Policy policy, String key) {
        return sharedProxies.get(key, k -> shared.builder()
                .withOptimization(Optimizations.batching())
                .build(k.getBytes(StandardCharsets.UTF_8), () -> configurations.get(policy)));
    }

    private Bucket localBucket(Policy policy, String key) {
        return local.get(key, k -> Bucket.builder().addLimit(configurations.get(policy).getBandwidths()[0])
                .withCustomTimePrecision(clock).build());
    }

    /** Forgets a caller's buckets (shared and local), so it starts again with a full quota. */
    void reset(String policyLabel, String caller) {
        for (Policy policy : Policy.values()) {
            if (policy.label.equals(policyLabel)) {
                String key = key(policy, caller);
                redis.guarded(() -> {
                    shared.removeProxy(key.getBytes(StandardCharsets.UTF_8));
                    return Boolean.TRUE;
                }, Boolean.FALSE);
                sharedProxies.invalidate(key);
                local.invalidate(key);
            }
        }
    }

    /** True while buckets live in Redis; false while local buckets stand in for an unreachable Redis. */
    boolean shared() {
        return lastShared && redis.reachable();
    }

    Map<Policy, Integer> limits() {
        return limits;
    }

    /**
     * The limit is part of the key: Bucket4j keeps the configuration a bucket was created with, so without it a
     * changed limit would not apply to buckets already in Redis. A new limit starts callers with a full bucket.
     */
    private String key(Policy policy, String caller) {
        return keyPrefix + policy.label + ":" + limits.get(policy) + ":" + caller;
    }

    private static long seconds(long nanos) {
        return (nanos + 999_999_999L) / 1_000_000_000L;
    }
}
