package app.citas.cache;

/** JMX view of one cache region: {@code citas:type=Cache,name=<region>}. */
public interface CacheRegionStatsMBean {
    long getHits();

    /** Hits answered with the node's own copy of the body once Redis confirmed its ETag (the body not transferred). */
    long getCopiesServed();

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
