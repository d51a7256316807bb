package app.citas.cache;

/** JMX view of one cache region: {@code citas:type=Cache,name=<region>}. */
public interface CacheRegionStatsMBean {
    long getHits();

    long getMisses();

    double getHitRatio();

    long getPuts();

    long getRemovals();

    long getErrors();

    double getAverageLoadTimeMillis();

    long getTimeToLiveSeconds();

    boolean isRedisReachable();

    /** Makes every entry of this region unreachable on every node. */
    void clear();
}
