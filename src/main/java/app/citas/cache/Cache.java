package app.citas.cache;

import java.util.function.Supplier;

/**
 * A cache region, shaped after {@code javax.cache.Cache}: get, put, remove, clear, statistics, with one
 * expiry policy per region. {@link #getOrLoad} is read-through with a single load per key per node.
 */
public interface Cache<K, V> {
    String name();

    /** The cached value, or null on a miss (or when the cache cannot be reached). */
    V get(K key);

    /** The cached value, or the loader's, which is then cached; concurrent misses on one key share one load. */
    V getOrLoad(K key, Supplier<V> loader);

    void put(K key, V value);

    boolean remove(K key);

    /** Makes every entry of the region unreachable at once, on every node sharing the store. */
    void clear();

    CacheStatistics statistics();

    ExpiryPolicy expiryPolicy();
}
