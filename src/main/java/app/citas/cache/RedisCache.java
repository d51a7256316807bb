package app.citas.cache;

import app.citas.platform.JsonBody;
import app.citas.platform.Redis;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.Supplier;
import redis.clients.jedis.exceptions.JedisNoScriptException;
import redis.clients.jedis.params.SetParams;

/**
 * A cache region in Redis. Every key carries the region's generation and those of the entry's scopes, read inside
 * the same Lua call as the value, so a hit is one round trip, and {@link #clear()} or {@link #clearScope} (one INCR)
 * hides every old entry from every node at once. Entries with tags are stored by a script that also adds them to
 * their tags' sets, unless a tag was invalidated while the value was loading ({@link RedisCacheTags}).
 * Redis trouble turns into misses: the caller's loader answers, nothing fails.
 *
 * <p>The node keeps a copy of the bodies it has read or stored (Caffeine, bounded, never older than the region's
 * time to live). A copy is never served on its own: the lookup sends its ETag, and Redis answers with the stored body
 * only when the current entry's ETag differs, so a hit still sees every generation, scope and tag invalidation of
 * every node in its one round trip, but transfers a few bytes instead of the body.
 *
 * <p>Keys: {@code <prefix>cache:<region>:gen}, {@code <prefix>cache:<region>:scope:<scope>:gen} and entries
 * {@code <prefix>cache:<region>:<generation>[.<scope generation>...]:<key>}.
 */
final class RedisCache implements Cache<String, JsonBody> {
    /**
     * KEYS = region generation key, then scope generation keys; ARGV[1] = region prefix, ARGV[2] = key, ARGV[3] = tag
     * clock key, ARGV[4] = the ETag of the node's copy (empty when it has none). Returns {generation, 1} on a hit whose
     * stored ETag is the copy's, {generation, value} on any other hit and {generation, false, tag clock} on a miss.
     */
    private static final String LOOKUP = "local g = redis.call('GET', KEYS[1]) or '0' "
            + "for i = 2, #KEYS do g = g .. '.' .. (redis.call('GET', KEYS[i]) or '0') end "
            + "local v = redis.call('GET', ARGV[1] .. g .. ':' .. ARGV[2]) "
            + "if v then "
            + "  local n = #ARGV[4] "
            + "  if n > 0 and string.byte(v, 1) == 74 and string.byte(v, 2) == n "
            + "      and string.sub(v, 3, 2 + n) == ARGV[4] then return {g, 1} end "
            + "  return {g, v} "
            + "end "
            + "return {g, false, redis.call('GET', ARGV[3]) or '0'}";
    /**
     * ARGV[1] = entry key, ARGV[2] = value, ARGV[3] = time to live (ms), ARGV[4] = tag clock read before loading,
     * ARGV[5] = tag prefix, ARGV[6..] = tags. Stores nothing (0) when a tag was invalidated after that clock value.
     */
    private static final String STORE_TAGGED = "for i = 6, #ARGV do "
            + "  local at = redis.call('GET', ARGV[5] .. ARGV[i] .. ':at') "
            + "  if at and tonumber(at) > tonumber(ARGV[4]) then return 0 end "
            + "end "
            + "redis.call('SET', ARGV[1], ARGV[2], 'PX', ARGV[3]) "
            + "for i = 6, #ARGV do "
            + "  local set = ARGV[5] .. ARGV[i] "
            + "  redis.call('SADD', set, ARGV[1]) "
            + "  if redis.call('PTTL', set) < tonumber(ARGV[3]) then redis.call('PEXPIRE', set, ARGV[3]) end "
            + "end "
            + "return 1";
    /** KEYS[1] = generation key; ARGV[1] = region prefix, ARGV[2] = key. Deletes under the current generation. */
    private static final String REMOVE = "local g = redis.call('GET', KEYS[1]) or '0' "
            + "return redis.call('DEL', ARGV[1] .. g .. ':' .. ARGV[2])";
    private static final byte FORMAT = 'J'; // 74, as the lookup script checks it
    /** The most body bytes a region keeps copies of on a node. */
    private static final long COPY_BYTES = 16L * 1024 * 1024;

    private static final byte[] LOOKUP_BYTES = LOOKUP.getBytes(StandardCharsets.UTF_8);
    /** The lookup is sent by its SHA-1 (EVALSHA): Redis neither receives nor hashes the script on every hit. */
    private static final byte[] LOOKUP_SHA = sha1Hex(LOOKUP_BYTES);

    private final String name;
    private final String regionPrefix;
    private final byte[] regionPrefixBytes;
    private final byte[] generationKeyBytes;
    private final byte[] clockKeyBytes;
    private final String generationKey;
    private final String clockKey;
    private final String tagPrefix;
    private final ExpiryPolicy expiry;
    private final Redis redis;
    private final SingleFlight<JsonBody> flights = new SingleFlight<>();
    private final CacheStatistics statistics = new CacheStatistics();
    private final AtomicBoolean clearPending = new AtomicBoolean();
    private final com.github.benmanes.caffeine.cache.Cache<String, JsonBody> copies;
    /** The few scopes' generation keys, encoded once rather than on every lookup. */
    private final Map<String, byte[]> scopeKeys = new ConcurrentHashMap<>();

    RedisCache(String name, String keyPrefix, ExpiryPolicy expiry, Redis redis) {
        this.name = name;
        this.regionPrefix = keyPrefix + "cache:" + name + ":";
        this.generationKey = regionPrefix + "gen";
        this.clockKey = RedisCacheTags.clockKey(keyPrefix);
        this.tagPrefix = RedisCacheTags.tagPrefix(keyPrefix);
        this.regionPrefixBytes = bytes(regionPrefix);
        this.generationKeyBytes = bytes(generationKey);
        this.clockKeyBytes = bytes(clockKey);
        this.expiry = expiry;
        this.redis = redis;
        this.copies = Caffeine.newBuilder()
                .maximumWeight(COPY_BYTES)
                .weigher((String key, JsonBody body) -> key.length() + body.bytes().length)
                .expireAfterWrite(expiry.timeToLive())
                .build();
    }

    /**
     * Generation(s) of the entry's key, its value (null on a miss), the tag clock (read on a miss only), and whether
     * the value is the node's copy, confirmed current by Redis.
     */
    private record Lookup(String generation, JsonBody value, String tagClock, boolean copy) {
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public JsonBody get(String key) {
        Lookup lookup = lookup(key, List.of());
        JsonBody value = lookup == null ? null : lookup.value();
        if (value == null) {
            statistics.miss();
        } else {
            hit(lookup);
        }
        return value;
    }

    @Override
    public JsonBody getOrLoad(String key, List<String> scopes,
                              Function<? super JsonBody, ? extends Collection<String>> tags, Supplier<JsonBody> loader) {
        Lookup lookup = lookup(key, scopes);
        if (lookup != null && lookup.value() != null) {
            hit(lookup);
            return lookup.value();
        }
        statistics.miss();
        String generation = lookup == null ? null : lookup.generation();
        return flights.load(generation + ":" + key, () -> {
            // A flight that finished just before this one began has stored its value: look once more.
            Lookup again = generation == null ? null : lookup(key, scopes);
            if (again != null && again.value() != null && again.generation().equals(generation)) {
                return again.value();
            }
            long start = System.nanoTime();
            JsonBody loaded = loader.get();
            statistics.loaded(System.nanoTime() - start);
            Collection<String> entryTags = tags.apply(loaded);
            if (generation != null && entryTags != null) {
                // Stored under the generations seen before loading: if a write advanced one meanwhile, the entry is
                // never read; and refused if a write invalidated one of its tags meanwhile (the clock read before).
                if (store(generation, key, loaded, lookup.tagClock(), entryTags)) {
                    copies.put(key, loaded);
                }
            }
            return loaded;
        });
    }

    private void hit(Lookup lookup) {
        statistics.hit();
        if (lookup.copy()) {
            statistics.copyServed();
        }
    }

    @Override
    public void put(String key, JsonBody value) {
        Lookup lookup = lookup(key, List.of());
        if (lookup != null && store(lookup.generation(), key, value, null, List.of())) {
            copies.put(key, value);
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

    @Override
    public void clearScope(String scope) {
        if (!applyPendingClear()) {
            return; // the whole region is cleared once Redis answers again
        }
        if (redis.execute(jedis -> jedis.incr(scopeKey(scope)), null) == null) {
            statistics.error();
            clear(); // remembered: the region is cleared when Redis answers again
        } else {
            statistics.removal();
        }
    }

    private String scopeKey(String scope) {
        return regionPrefix + "scope:" + scope + ":gen";
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

    /** The current generation(s) and value in one round trip; null when Redis cannot be used right now. */
    private Lookup lookup(String key, List<String> scopes) {
        if (!applyPendingClear()) {
            return null;
        }
        List<byte[]> keys = new ArrayList<>(1 + scopes.size());
        keys.add(generationKeyBytes);
        scopes.forEach(scope -> keys.add(scopeKeys.computeIfAbsent(scope, known -> bytes(scopeKey(known)))));
        JsonBody copy = copies.getIfPresent(key);
        byte[] copyTag = copy == null ? new byte[0] : copy.etag().getBytes(StandardCharsets.US_ASCII);
        List<byte[]> args = List.of(regionPrefixBytes, bytes(key), clockKeyBytes, copyTag);
        Object reply = redis.execute(jedis -> {
            try {
                return jedis.evalsha(LOOKUP_SHA, keys, args);
            } catch (JedisNoScriptException e) {
                return jedis.eval(LOOKUP_BYTES, keys, args); // caches the script in Redis (after a restart or flush)
            }
        }, null);
        if (!(reply instanceof List<?> parts) || parts.size() < 2 || !(parts.get(0) instanceof byte[] generation)) {
            statistics.error();
            return null;
        }
        JsonBody value = null;
        if (parts.get(1) instanceof Long && copy != null) {
            value = copy;
        } else if (parts.get(1) instanceof byte[] stored) {
            value = decode(stored);
            if (value == null) {
                statistics.error();
            } else {
                copies.put(key, value);
            }
        }
        String clock = parts.size() > 2 && parts.get(2) instanceof byte[] c ? new String(c, StandardCharsets.US_ASCII) : "0";
        return new Lookup(new String(generation, StandardCharsets.US_ASCII), value, clock, value != null && value == copy);
    }

    /** True when Redis stored the value. */
    private boolean store(String generation, String key, JsonBody value, String tagClock, Collection<String> tags) {
        String entryKey = regionPrefix + generation + ":" + key;
        long ttl = expiry.timeToLive().toMillis();
        Object stored;
        if (tags.isEmpty()) {
            stored = redis.execute(jedis -> jedis.set(bytes(entryKey), encode(value), SetParams.setParams().px(ttl)), null);
        } else {
            List<byte[]> args = new ArrayList<>(List.of(bytes(entryKey), encode(value), bytes(String.valueOf(ttl)),
                    bytes(tagClock == null ? "0" : tagClock), bytes(tagPrefix)));
            new LinkedHashSet<>(tags).forEach(tag -> args.add(bytes(tag)));
            stored = redis.execute(jedis -> jedis.eval(STORE_TAGGED.getBytes(StandardCharsets.UTF_8), List.of(), args),
                    null);
        }
        if (stored == null) {
            statistics.error();
            return false;
        }
        if (Long.valueOf(0).equals(stored)) {
            return false;
        }
        statistics.put();
        return true;
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

    private static byte[] sha1Hex(byte[] script) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(script))
                    .getBytes(StandardCharsets.US_ASCII);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is missing from this JDK", e);
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
