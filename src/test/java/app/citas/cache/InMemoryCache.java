package app.citas.cache;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/** A map-backed {@link Cache} for testing the decorator's logic; same statistics as the real one. */
public final class InMemoryCache<V> implements Cache<String, V> {
    private final String name;
    private final Map<String, V> entries = new ConcurrentHashMap<>();
    private final CacheStatistics statistics = new CacheStatistics();
    private final SingleFlight<V> flights = new SingleFlight<>();

    public InMemoryCache(String name) {
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public V get(String key) {
        V value = entries.get(key);
        if (value == null) {
            statistics.miss();
        } else {
            statistics.hit();
        }
        return value;
    }

    @Override
    public V getOrLoad(String key, Supplier<V> loader) {
        V value = get(key);
        if (value != null) {
            return value;
        }
        return flights.load(key, () -> {
            V loaded = loader.get();
            put(key, loaded);
            return loaded;
        });
    }

    @Override
    public void put(String key, V value) {
        entries.put(key, value);
        statistics.put();
    }

    @Override
    public boolean remove(String key) {
        return entries.remove(key) != null;
    }

    @Override
    public void clear() {
        entries.clear();
        statistics.removal();
    }

    public int size() {
        return entries.size();
    }

    @Override
    public CacheStatistics statistics() {
        return statistics;
    }

    @Override
    public ExpiryPolicy expiryPolicy() {
        return new ExpiryPolicy(Duration.ofMinutes(5));
    }
}
