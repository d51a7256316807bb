package app.citas.cache;

import java.util.Collection;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A cache region, shaped after {@code javax.cache.Cache}: get, put, remove, clear, statistics, with one
 * expiry policy per region. {@link #getOrLoad} is read-through with a single load per key per node.
 *
 * <p>Finer invalidation than {@link #clear()}: an entry may depend on <em>scopes</em> of its region (each a
 * generation, advanced by {@link #clearScope}, hiding every entry read under it) and carry <em>tags</em> (what it
 * shows, such as {@code service:7}); {@link CacheTags#invalidate} removes every entry, of any region, carrying a tag.
 */
public interface Cache<K, V> {
    String name();

    /** The cached value, or null on a miss (or when the cache cannot be reached). */
    V get(K key);

    /** The cached value, or the loader's, which is then cached; concurrent misses on one key share one load. */
    default V getOrLoad(K key, Supplier<V> loader) {
        return getOrLoad(key, List.of(), value -> List.of(), loader);
    }

    /**
     * Read-through under the current generations of {@code scopes}, the loaded value stored with the tags
     * {@code tags} gives it. When {@code tags} answers null the value is returned but not stored.
     */
    V getOrLoad(K key, List<String> scopes, Function<? super V, ? extends Collection<String>> tags, Supplier<V> loader);

    void put(K key, V value);

    boolean remove(K key);

    /** Makes every entry of the region unreachable at once, on every node sharing the store. */
    void clear();

    /** Makes every entry read under {@code scope} unreachable at once, on every node sharing the store. */
    void clearScope(String scope);

    CacheStatistics statistics();

    ExpiryPolicy expiryPolicy();
}
