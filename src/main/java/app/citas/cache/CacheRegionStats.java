package app.citas.cache;

import app.citas.platform.Redis;

final class CacheRegionStats implements CacheRegionStatsMBean {
    private final Cache<?, ?> cache;
    private final Redis redis;

    CacheRegionStats(Cache<?, ?> cache, Redis redis) {
        this.cache = cache;
        this.redis = redis;
    }

    @Override
    public long getHits() {
        return cache.statistics().hits();
    }

    @Override
    public long getCopiesServed() {
        return cache.statistics().copiesServed();
    }

    @Override
    public long getMisses() {
        return cache.statistics().misses();
    }

    @Override
    public double getHitRatio() {
        return cache.statistics().hitRatio();
    }

    @Override
    public long getPuts() {
        return cache.statistics().puts();
    }

    @Override
    public long getRemovals() {
        return cache.statistics().removals();
    }

    @Override
    public long getErrors() {
        return cache.statistics().errors();
    }

    @Override
    public double getAverageLoadTimeMillis() {
        return cache.statistics().averageLoadMillis();
    }

    @Override
    public long getTimeToLiveSeconds() {
        return cache.expiryPolicy().timeToLive().toSeconds();
    }

    @Override
    public boolean isRedisReachable() {
        return redis.reachable();
    }

    @Override
    public void clear() {
        cache.clear();
    }
}
