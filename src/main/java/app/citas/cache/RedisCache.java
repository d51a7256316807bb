package app.citas.cache;

import app.citas.platform.JsonBody;
import app.citas.platform.Redis;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import redis.clients.jedis.params.SetParams;

/**
 * A cache region in Redis. Every key carries the region's generation, read inside the same Lua call as the
 * value, so a hit is one round trip and {@link #clear()} (one INCR) hides every old entry from every node at once.
 * Redis trouble turns into misses: the caller's loader answers, nothing fails.
 */
final class RedisCache implements Cache<String, JsonBody> {
    /** KEYS[1] = generation key; ARGV[1] = region prefix, ARGV[2] = key. Returns {generation, value or false}. */
    private static final String LOOKUP = "local g = redis.call('GET', KEYS[1]) or '0' "
            + "return {g, redis.call('GET', ARGV[1] .. g .. ':' .. ARGV[2])}";
    /** KEYS[1] = generation key; ARGV[1] = region prefix, ARGV[2] = key. Deletes under the current generation. */
    private static final String REMOVE = "local g = redis.call('GET', KEYS[1]) or '0' "
            + "return redis.call('DEL', ARGV[1] .. g .. ':' .. ARGV[2])";
    private static final byte FORMAT = 'J';

    private final String name;
    private final String regionPrefix;
    private final String generationKey;
    private final ExpiryPolicy expiry;
    private final Redis redis;
    private final SingleFlight<JsonBody> flights = new SingleFlight<>();
    private final CacheStatistics statistics = new CacheStatistics();
    private final AtomicBoolean clearPending = new AtomicBoolean();

    RedisCache(String name, String keyPrefix, ExpiryPolicy expiry, Redis redis) {
        this.name = name;
        this.regionPrefix = keyPrefix + "cache:" + name + ":";
        this.generationKey = regionPrefix + "gen";
        this.expiry = expiry;
        this.redis = redis;
    }

    private record Lookup(String generation, JsonBody value) {
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public JsonBody get(String key) {
        Lookup lookup = lookup(key);
        JsonBody value = lookup == null ? null : lookup.value();
        if (value == null) {
            statistics.miss();
        } else {
            statistics.hit();
        }
        return value;
    }

    @Override
    public JsonBody getOrLoad(String key, Supplier<JsonBody> loader) {
        Lookup lookup = lookup(key);
        if (lookup != null && lookup.value() != null) {
            statistics.hit();
            return lookup.value();
        }
        statistics.miss();
        String generation = lookup == null ? null : lookup.generation();
        return flights.load(generation + ":" + key, () -> {
            // A flight that finished just before this one began has stored its value: look once more.
            Lookup again = generation == null ? null : lookup(key);
            if (again != null && again.value() != null && again.generation().equals(generation)) {
                return again.value();
            }
            long start = System.nanoTime();
            JsonBody loaded = loader.get();
            statistics.loaded(System.nanoTime() - start);
            if (generation != null) {
                // Stored under the generation seen before loading: if a write bumped it meanwhile, the entry is
                // never read, so a load that raced a write cannot resurrect old data.
                store(generation, key, loaded);
            }
            return loaded;
        });
    }

    @Override
    public void put(String key, JsonBody value) {
        Lookup lookup = lookup(key);
        if (lookup != null) {
            store(lookup.generation(), key, value);
        }
    }

    @Override
    public boolean remove(String key) {
        if (!applyPendingClear()) {
            return false;
        }
        Object deleted = redis.execute(jedis -> jedis.eval(REMOVE, List.of(generationKey), List.of(regionPrefix, key)), null);
        if (deleted == null) {
            statistics.error();
            return false;
        }
        boolean removed = ((Long) deleted) > 0;
        if (removed) {
            statistics.removal();
        }
        return removed;
    }

    @Override
    public void clear() {
        clearPending.set(true);
        applyPendingClear();
    }

    /** Bumps the generation if a clear could not reach Redis earlier; false while Redis stays unreachable. */
    private boolean applyPendingClear() {
        if (!clearPending.get()) {
            return true;
        }
        Long generation = redis.execute(jedis -> jedis.incr(generationKey), null);
        if (generation == null) {
            statistics.error();
            return false;
        }
        clearPending.set(false);
        statistics.removal();
        return true;
    }

    @Override
    public CacheStatistics statistics() {
        return statistics;
    }

    @Override
    public ExpiryPolicy expiryPolicy() {
        return expiry;
    }

    /** The current generation and value in one round trip; null when Redis cannot be used right now. */
    private Lookup lookup(String key) {
        if (!applyPendingClear()) {
            return null;
        }
        Object reply = redis.execute(jedis -> jedis.eval(LOOKUP.getBytes(StandardCharsets.UTF_8),
                List.of(bytes(generationKey)), List.of(bytes(regionPrefix), bytes(key))), null);
        if (!(reply instanceof List<?> parts) || parts.size() != 2 || !(parts.get(0) instanceof byte[] generation)) {
            statistics.error();
            return null;
        }
        JsonBody value = parts.get(1) instanceof byte[] stored ? decode(stored) : null;
        if (parts.get(1) instanceof byte[] && value == null) {
            statistics.error();
        }
        return new Lookup(new String(generation, StandardCharsets.US_ASCII), value);
    }

    private void store(String generation, String key, JsonBody value) {
        String stored = redis.execute(jedis -> jedis.set(bytes(regionPrefix + generation + ":" + key), encode(value),
                SetParams.setParams().px(expiry.timeToLive().toMillis())), null);
        if (stored == null) {
            statistics.error();
        } else {
            statistics.put();
        }
    }

    /** Format byte, ETag length, ETag, body. */
    static byte[] encode(JsonBody value) {
        byte[] etag = value.etag().getBytes(StandardCharsets.US_ASCII);
        return ByteBuffer.allocate(2 + etag.length + value.bytes().length)
                .put(FORMAT).put((byte) etag.length).put(etag).put(value.bytes()).array();
    }

    /** The stored value, or null when it is not in our format (corrupt or foreign): treated as a miss and replaced. */
    static JsonBody decode(byte[] stored) {
        if (stored.length < 2 || stored[0] != FORMAT) {
            return null;
        }
        int etagLength = stored[1] & 0xff;
        if (etagLength == 0 || stored.length < 2 + etagLength) {
            return null;
        }
        String etag = new String(stored, 2, etagLength, StandardCharsets.US_ASCII);
        byte[] body = java.util.Arrays.copyOfRange(stored, 2 + etagLength, stored.length);
        return new JsonBody(body, etag);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
