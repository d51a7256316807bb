package app.citas.platform;

import java.net.URI;
import java.time.Duration;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;

/**
 * Redis: where ({@code redis://[user:password@]host:port/db}), how long to wait, how many connections, how long to
 * bypass it after a failure, and the one key prefix under which Citas keeps everything it writes there (cache
 * entries, quota buckets, sign-in counters), so several installations can share one Redis.
 */
public record RedisSettings(URI uri, Duration timeout, int poolSize, Duration retryInterval, String keyPrefix) {
    public static final String URL = "CITAS_REDIS_URL";
    public static final String TIMEOUT_MS = "CITAS_REDIS_TIMEOUT_MS";
    public static final String POOL_SIZE = "CITAS_REDIS_POOL_SIZE";
    public static final String RETRY_INTERVAL_MS = "CITAS_REDIS_RETRY_INTERVAL_MS";
    public static final String KEY_PREFIX = "CITAS_REDIS_KEY_PREFIX";
    /** The prefix's older name, from when only the cache used it; read when {@link #KEY_PREFIX} is unset. */
    public static final String KEY_PREFIX_OLDER_NAME = "CITAS_CACHE_PREFIX";

    public static RedisSettings read(SettingsReader reader) {
        return new RedisSettings(
                reader.redisUri(URL, "redis://127.0.0.1:6379/0"),
                Duration.ofMillis(reader.integer(TIMEOUT_MS, 200, 10, 10_000)),
                reader.integer(POOL_SIZE, 32, 1, 1000),
                Duration.ofMillis(reader.integer(RETRY_INTERVAL_MS, 5000, 100, 600_000)),
                keyPrefix(reader));
    }

    private static String keyPrefix(SettingsReader reader) {
        String prefix = reader.keyPrefix(KEY_PREFIX, null);
        String older = reader.keyPrefix(KEY_PREFIX_OLDER_NAME, null);
        if (prefix != null && older != null && !prefix.equals(older)) {
            reader.problem(KEY_PREFIX + " and its older name " + KEY_PREFIX_OLDER_NAME + " disagree ('" + prefix
                    + "' and '" + older + "'): set only " + KEY_PREFIX);
        }
        return prefix != null ? prefix : older != null ? older : "citas:";
    }

    /** The database index taken from the URL path ({@code redis://host:port/1}), 0 when absent. */
    public int database() {
        String path = uri.getPath();
        return path == null || path.length() <= 1 ? 0 : Integer.parseInt(path.substring(1));
    }

    public HostAndPort address() {
        return new HostAndPort(uri.getHost(), uri.getPort());
    }

    /**
     * The client configuration every Citas connection to Redis starts from: the URL's ACL user and password, its
     * database, this timeout. Callers may lengthen the timeouts (an operator command scanning a large key space).
     */
    public DefaultJedisClientConfig.Builder clientConfig() {
        DefaultJedisClientConfig.Builder client = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis((int) timeout.toMillis())
                .socketTimeoutMillis((int) timeout.toMillis())
                .database(database())
                .clientName("citas")
                // Jedis (not RedisClient) speaks RESP2; saying so skips a warning on every new connection.
                .autoNegotiateProtocol(false);
        String userInfo = uri.getUserInfo();
        if (userInfo != null && !userInfo.isEmpty()) {
            int colon = userInfo.indexOf(':');
            if (colon > 0) {
                client.user(userInfo.substring(0, colon));
            }
            client.password(userInfo.substring(colon + 1));
        }
        return client;
    }

    /** Never the password of the URL. */
    @Override
    public String toString() {
        return "redis=" + uri.getHost() + ":" + uri.getPort() + "/" + database() + " pool=" + poolSize
                + " prefix " + keyPrefix;
    }
}
