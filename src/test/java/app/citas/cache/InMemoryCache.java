package app.citas.cache;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A map-backed {@link Cache} for testing the decorator's logic; same statistics, scopes (generations in the key) and
 * tags (through a shared {@link Tags}) as the real one, without the races the Redis scripts guard against.
 */
public final class InMemoryCache<V> implements Cache<String, V> {
    private final String name;
    private final Tags tags;
    private final Map<String, V> entries = new ConcurrentHashMap<>();
    private final Map<String, Long> scopes = new ConcurrentHashMap<>();
    private final CacheStatistics statistics = new CacheStatistics();
    private final SingleFlight<V> flights = new SingleFlight<>();

    public InMemoryCache(String name) {
        this(name, new Tags());
    }

    public InMemoryCache(String name, Tags tags) {
        this.name = name;
        this.tags = tags;
    }

    /** The tags of a set of in-memory regions: which entries of which region carry each tag. */
    public static final class Tags implements CacheTags {
        private final Map<String, Set<Runnable>> removals = new ConcurrentHashMap<>();
        private final Map<String, Long> invalidations = new ConcurrentHashMap<>();

        void add(String tag, Runnable removal) {
            removals.computeIfAbsent(tag, t -> ConcurrentHashMap.newKeySet()).add(removal);
        }

        @Override
        public void invalidate(Collection<String> tags) {
            for (String tag : tags) {
                invalidations.merge(tag, 1L, Long::sum);
                Set<Runnable> entries = removals.remove(tag);
                if (entries != null) {
                    entries.forEach(Runnable::run);
                }
            }
        }

        /** How many times a tag was invalidated. */
        public long invalidations(String tag) {
            return invalidations.getOrDefault(tag, 0L);
        }
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
    public V getOrLoad(String key, List<String> scopeNames, Function<? super V, ? extends Collection<String>> tagsOf,
                       Supplier<V> loader) {
        StringBuilder scoped = new StringBuilder();
        scopeNames.forEach(scope -> scoped.append(scope).append('.').append(scopes.getOrDefault(scope, 0L)).append(':'));
        String fullKey = scoped + key;
        V value = get(fullKey);
        if (value != null) {
            return value;
        }
        return flights.load(fullKey, () -> {
            V loaded = loader.get();
            Collection<String> entryTags = tagsOf.apply(loaded);
            if (entryTags != null) {
                put(fullKey, loaded);
                entryTags.forEach(tag -> tags.add(tag, () -> entries.remove(fullKey)));
            }
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

    @Override
    public void clearScope(String scope) {
        scopes.merge(scope, 1L, Long::sum);
        entries.keySet().removeIf(key -> key.contains(scope + "."));
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
