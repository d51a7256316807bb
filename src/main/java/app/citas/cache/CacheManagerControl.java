package app.citas.cache;

final class CacheManagerControl implements CacheManagerControlMBean {
    private final CacheManager manager;

    CacheManagerControl(CacheManager manager) {
        this.manager = manager;
    }

    @Override
    public void clear(String region) {
        manager.region(region).clear();
    }

    @Override
    public void clearAll() {
        manager.clearAll();
    }

    @Override
    public boolean isRedisReachable() {
        return manager.redisReachable();
    }
}
