package app.citas.cache;

/** JMX operations {@code citas:type=CacheManager}: clear one region or all of them. */
public interface CacheManagerControlMBean {
    void clear(String region);

    void clearAll();

    boolean isRedisReachable();
}
