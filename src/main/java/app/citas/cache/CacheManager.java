package app.citas.cache;

import app.citas.platform.JsonBody;
import app.citas.platform.Jmx;
import app.citas.platform.Redis;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Redis-backed cache regions, each with its MBean {@code citas:type=Cache,name=<region>}, and the tags shared by
 * all of them.
 */
public final class CacheManager {
    private final Map<String, RedisCache> regions = new LinkedHashMap<>();
    private final Redis redis;
    private final CacheTags tags;

    public CacheManager(CacheSettings settings, Redis redis, String keyPrefix, Jmx jmx) {
        this.redis = redis;
        for (String region : CacheSettings.REGIONS) {
            RedisCache cache = new RedisCache(region, keyPrefix,
                    new ExpiryPolicy(settings.timeToLive(region)), redis);
            regions.put(region, cache);
            jmx.register("citas:type=Cache,name=" + region, new CacheRegionStats(cache, redis));
        }
        Duration longest = CacheSettings.REGIONS.stream().map(settings::timeToLive).max(Duration::compareTo)
                .orElseThrow();
        // A tag invalidation that cannot reach Redis clears every region once Redis answers again.
        this.tags = new RedisCacheTags(keyPrefix, longest, redis, this::clearAll);
        jmx.register("citas:type=CacheManager", new CacheManagerControl(this));
        // Writes made while Redis was unreachable could not bump generations on other nodes: start afresh.
        redis.onRecovery(this::clearAll);
    }

    public Cache<String, JsonBody> region(String name) {
        Cache<String, JsonBody> cache = regions.get(name);
        if (cache == null) {
            throw new IllegalArgumentException("No cache region " + name + "; regions are " + regions.keySet());
        }
        return cache;
    }

    /** Invalidation by tag, across every region. */
    public CacheTags tags() {
        return tags;
    }

    public void clearAll() {
        regions.values().forEach(RedisCache::clear);
    }

    boolean redisReachable() {
        return redis.reachable();
    }
}
