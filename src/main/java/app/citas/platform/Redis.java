package app.citas.platform;

import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPool;

/**
 * The one Jedis pool, built from CITAS_REDIS_URL with short timeouts and a bounded wait for a connection,
 * so a dead or slow Redis costs milliseconds and never hangs a request.
 */
public final class Redis implements AutoCloseable {
    private final JedisPool pool;

    private Redis(JedisPool pool) {
        this.pool = pool;
    }

    public static Redis connect(CitasConfig config) {
        String userInfo = config.redisUri().getUserInfo();
        DefaultJedisClientConfig.Builder client = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis((int) config.redisTimeout().toMillis())
                .socketTimeoutMillis((int) config.redisTimeout().toMillis())
                .database(config.redisDatabase())
                .clientName("citas");
        if (userInfo != null && !userInfo.isEmpty()) {
            int colon = userInfo.indexOf(':');
            if (colon > 0) {
                client.user(userInfo.substring(0, colon));
            }
            client.password(userInfo.substring(colon + 1));
        }
        GenericObjectPoolConfig<Jedis> poolConfig = new GenericObjectPoolConfig<>();
        poolConfig.setMaxTotal(config.redisPoolSize());
        poolConfig.setMaxIdle(config.redisPoolSize());
        poolConfig.setMinIdle(0);
        poolConfig.setBlockWhenExhausted(true);
        poolConfig.setMaxWait(config.redisTimeout());
        poolConfig.setJmxEnabled(false);
        HostAndPort address = new HostAndPort(config.redisUri().getHost(), config.redisUri().getPort());
        return new Redis(new JedisPool(poolConfig, address, client.build()));
    }

    public JedisPool pool() {
        return pool;
    }

    /**
     * True when Redis answered PING within the timeout. Tried twice: after a Redis restart the first pooled
     * connection is dead, and is discarded by the failed attempt.
     */
    public boolean ping() {
        return pingOnce() || pingOnce();
    }

    private boolean pingOnce() {
        try (Jedis jedis = pool.getResource()) {
            return "PONG".equals(jedis.ping());
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public void close() {
        pool.close();
    }

}
