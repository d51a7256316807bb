package app.citas.account;

import app.citas.platform.ApiException;
import app.citas.platform.Redis;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Limits password guessing: after N failed sign-ins for one username, or M from one client IP, within the window
 * that began with the first failure, further attempts get 429 until it has passed. Counters live in Redis (shared
 * by all nodes), in memory while Redis is unreachable. A success consumes nothing. Always on: only the account
 * settings shape it, and switching request quotas off leaves it in force.
 */
public final class SignInGuard {
    /** Increments a failure counter and starts its window on the first failure. */
    private static final String FAIL = "local c = redis.call('INCR', KEYS[1]) "
            + "if c == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end return c";
    /** Returns {count, milliseconds left} of a counter, {0, 0} when absent. */
    private static final String READ = "local c = tonumber(redis.call('GET', KEYS[1]) or '0') "
            + "return {c, redis.call('PTTL', KEYS[1])}";

    private final Redis redis;
    private final String prefix;
    private final AccountSettings settings;
    private final Cache<String, AtomicInteger> local;
    private final boolean guarding;

    public SignInGuard(AccountSettings settings, Redis redis, String keyPrefix) {
        this(settings, redis, keyPrefix, true);
    }

    private SignInGuard(AccountSettings settings, Redis redis, String keyPrefix, boolean guarding) {
        this.redis = redis;
        this.prefix = keyPrefix + "signin:";
        this.settings = settings;
        this.local = Caffeine.newBuilder().maximumSize(100_000).expireAfterWrite(settings.signInWindow()).build();
        this.guarding = guarding;
    }

    /** A guard that never refuses, for operator commands that sign nobody in (and have no Redis). */
    public static SignInGuard disabled() {
        return new SignInGuard(new AccountSettings(Duration.ofHours(1), 1, 1, Duration.ofMinutes(1)), null, "", false);
    }

    /** Throws 429 if the username or the IP has used up its failed attempts. */
    void checkAllowed(String username, String clientIp) {
        if (!guarding) {
            return;
        }
        refuseIfOver(userKey(username), settings.failedSignInsPerUsername());
        refuseIfOver(ipKey(clientIp), settings.failedSignInsPerIp());
    }

    void recordFailure(String username, String clientIp) {
        if (!guarding) {
            return;
        }
        for (String key : List.of(userKey(username), ipKey(clientIp))) {
            Object counted = redis.execute(jedis -> jedis.eval(FAIL, List.of(key),
                    List.of(String.valueOf(settings.signInWindow().toMillis()))), null);
            if (counted == null) {
                local.get(key, k -> new AtomicInteger()).incrementAndGet();
            }
        }
    }

    private void refuseIfOver(String key, int limit) {
        Object reply = redis.execute(jedis -> jedis.eval(READ, List.of(key), List.of()), null);
        if (reply instanceof List<?> counter && counter.size() == 2) {
            long count = (Long) counter.get(0);
            long millisLeft = (Long) counter.get(1);
            if (count >= limit) {
                throw ApiException.throttled(Math.max(1, (millisLeft + 999) / 1000));
            }
            return;
        }
        AtomicInteger localCount = local.getIfPresent(key);
        if (localCount != null && localCount.get() >= limit) {
            throw ApiException.throttled(settings.signInWindow().toSeconds());
        }
    }

    private String userKey(String username) {
        return prefix + "user:" + username.toLowerCase(Locale.ROOT);
    }

    private String ipKey(String clientIp) {
        return prefix + "ip:" + clientIp;
    }
}
