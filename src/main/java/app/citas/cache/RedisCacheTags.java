package app.citas.cache;

import app.citas.platform.Redis;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Tags in Redis, shared by every region: {@code <prefix>cache:tag:<tag>} is the set of entry keys carrying the tag,
 * {@code <prefix>cache:tag:<tag>:at} the tag clock's value when the tag was last invalidated, and
 * {@code <prefix>cache:tags:gen} the tag clock (a generation: the flush command advances it, never resets it).
 *
 * <p>Why a load that raced a write cannot store old data: a miss reads the clock in its lookup (before loading); the
 * store script refuses when any of the entry's tags was invalidated after that value. A write invalidates after its
 * commit, in one script (advance the clock, delete the tagged entries, stamp the tags): a store that runs before it
 * is deleted by it, a store that runs after it sees the stamp. Loads that began after the commit read committed data.
 */
final class RedisCacheTags implements CacheTags {
    /** ARGV[1] = clock key, ARGV[2] = tag prefix, ARGV[3] = stamp time to live (ms), ARGV[4..] = tags. */
    private static final String INVALIDATE = "local w = redis.call('INCR', ARGV[1]) "
            + "for i = 4, #ARGV do "
            + "  local set = ARGV[2] .. ARGV[i] "
            + "  local members = redis.call('SMEMBERS', set) "
            + "  for j = 1, #members, 500 do redis.call('UNLINK', unpack(members, j, math.min(j + 499, #members))) end "
            + "  redis.call('DEL', set) "
            + "  redis.call('SET', set .. ':at', w, 'PX', ARGV[3]) "
            + "end "
            + "return w";

    private final String clockKey;
    private final String tagPrefix;
    private final Duration stampLifetime;
    private final Redis redis;
    private final Runnable onFailure;

    /**
     * @param stampLifetime at least the longest time to live of any region (no load outlives it)
     * @param onFailure     what to do when Redis cannot be told (clear every region, which waits for Redis)
     */
    RedisCacheTags(String keyPrefix, Duration stampLifetime, Redis redis, Runnable onFailure) {
        this.clockKey = clockKey(keyPrefix);
        this.tagPrefix = tagPrefix(keyPrefix);
        this.stampLifetime = stampLifetime;
        this.redis = redis;
        this.onFailure = onFailure;
    }

    static String clockKey(String keyPrefix) {
        return keyPrefix + "cache:tags:gen";
    }

    static String tagPrefix(String keyPrefix) {
        return keyPrefix + "cache:tag:";
    }

    @Override
    public void invalidate(Collection<String> tags) {
        if (tags.isEmpty()) {
            return;
        }
        List<String> args = new ArrayList<>(List.of(clockKey, tagPrefix, String.valueOf(stampLifetime.toMillis())));
        args.addAll(new LinkedHashSet<>(tags));
        Object done = redis.execute(jedis -> jedis.eval(INVALIDATE.getBytes(StandardCharsets.UTF_8), List.of(),
                args.stream().map(a -> a.getBytes(StandardCharsets.UTF_8)).toList()), null);
        if (done == null) {
            onFailure.run();
        }
    }
}
