package app.citas.quota;

import app.citas.platform.Redis;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisNoScriptException;

/**
 * Token buckets kept in Redis, one decision per round trip: a Lua script reads, refills, spends and writes the
 * bucket atomically, so nodes sharing the Redis spend one bucket exactly. Bucket4j's Redis proxy managers (8.14)
 * only offer compare-and-swap, a GET and an EVAL per decision, which is why this one script exists.
 *
 * <p>The algorithm is GCRA: the key holds the instant the bucket is full again (absent: full), in whole
 * microseconds of the caller's clock; each token adds one interval (an hour / limit, whole microseconds), and a
 * request is refused when that would put the instant more than the window (limit x interval) ahead. All numbers
 * stay integers below 2^53, exact in Lua's doubles. The key expires a minute after the bucket is full again (a
 * past instant reads as a full bucket, like an absent key), so recent callers stay visible in Redis for a while.
 *
 * <p>A decision may take more than one token ({@link TokenPockets} spends the others on this node): up to the
 * tokens asked for, and no more than 1% of the tokens the bucket holds (always one, when it holds any).
 */
final class SharedBuckets {
    /**
     * KEYS[1] bucket; ARGV: now, interval, window (µs), tokens wanted. Returns {tokens taken (0: refused), µs until
     * full, µs until a token}.
     */
    static final String SCRIPT = """
            local now = tonumber(ARGV[1])
            local interval = tonumber(ARGV[2])
            local window = tonumber(ARGV[3])
            local wanted = tonumber(ARGV[4]) or 1
            local full_at = tonumber(redis.call('GET', KEYS[1]) or '') or now
            if full_at < now then full_at = now end
            if full_at + interval - now > window then
              return {0, full_at - now, full_at + interval - now - window}
            end
            local held = math.floor((window - (full_at - now)) / interval)
            local taken = math.max(1, math.min(wanted, math.floor(held / 100)))
            local after = full_at + taken * interval
            redis.call('SET', KEYS[1], string.format('%.0f', after), 'PX', math.ceil((after - now) / 1000) + 60000)
            return {taken, after - now, 0}
            """;
    private static final String SHA1 = sha1(SCRIPT);

    private final Redis redis;

    SharedBuckets(Redis redis) {
        this.redis = redis;
    }

    /**
     * Spends one token of the bucket at the key, or up to {@code wanted} when the bucket holds a hundred times as
     * many; null while Redis is unreachable.
     */
    Spent spend(String key, Rate rate, long nowMicros, int wanted) {
        List<String> keys = List.of(key);
        List<String> args = List.of(Long.toString(nowMicros), Long.toString(rate.intervalMicros()),
                Long.toString(rate.windowMicros()), Integer.toString(wanted));
        return redis.execute(jedis -> Spent.of(run(jedis, keys, args)), null);
    }

    /** Forgets the bucket at the key (a full bucket again); false while Redis is unreachable. */
    boolean forget(String key) {
        return redis.execute(jedis -> {
            jedis.del(key);
            return Boolean.TRUE;
        }, Boolean.FALSE);
    }

    private static Object run(Jedis jedis, List<String> keys, List<String> args) {
        try {
            return jedis.evalsha(SHA1, keys, args);
        } catch (JedisNoScriptException notLoadedYet) {
            // First use on this Redis (or after its restart): EVAL runs the script and caches it for EVALSHA.
            return jedis.eval(SCRIPT, keys, args);
        }
    }

    private static String sha1(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A limit per hour as GCRA needs it: microseconds per token, and the burst window (limit tokens). */
    record Rate(int limit, long intervalMicros, long windowMicros) {
        private static final long HOUR_MICROS = 3_600_000_000L;

        /** Whole microseconds per token: exact for any limit dividing 3.6e9 (100, 1000, 5000...), else 1 µs longer. */
        static Rate perHour(int limit) {
            long interval = (HOUR_MICROS + limit - 1) / limit;
            return new Rate(limit, interval, interval * limit);
        }
    }

    /** One decision's outcome as the script reported it: the tokens taken (0 when refused). */
    record Spent(long taken, long microsUntilFull, long microsUntilToken) {
        static Spent of(Object reply) {
            List<?> values = (List<?>) reply;
            return new Spent((Long) values.get(0), (Long) values.get(1), (Long) values.get(2));
        }

        boolean allowed() {
            return taken > 0;
        }

        /** Tokens left after this decision. */
        long remaining(Rate rate) {
            return Math.max(0, (rate.windowMicros() - microsUntilFull) / rate.intervalMicros());
        }
    }
}
