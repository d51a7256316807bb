package app.citas.platform;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.util.LinkedHashSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.JedisPool;
import redis.clients.jedis.JedisSentinelPool;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.util.Pool;

/**
 * The one Jedis pool, built from CITAS_REDIS_URL with short timeouts and a bounded wait for a connection,
 * so a dead or slow Redis costs milliseconds and never hangs a request.
 *
 * <p>With a {@code redis-sentinel://} URL the pool is Jedis' {@link JedisSentinelPool}: it asks the Sentinels where
 * the master is, listens to them for {@code +switch-master} and then connects to the new master only (connections
 * to the old one are dropped as they come back). Citas coordinates nothing itself: a failover looks like a short
 * Redis outage (the circuit opens, callers degrade) followed by the circuit's trial call reaching the new master.
 * Jedis cannot build that pool while no Sentinel answers; then the pool is built later, by a call the circuit lets
 * through, so a node starts (and serves, without Redis) while its Sentinels are unreachable.
 */
public final class Redis implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Redis.class);
    private final RedisSettings settings;
    private final JedisClientConfig client;
    private final GenericObjectPoolConfig<Jedis> poolConfig;
    private final CircuitBreaker breaker;
    private final Object opening = new Object();
    private volatile Pool<Jedis> pool;
    private long lastOpenAttempt;
    private RuntimeException lastOpenFailure;
    private boolean closed;

    private Redis(RedisSettings settings, JedisClientConfig client, CircuitBreaker breaker) {
        this.settings = settings;
        this.client = client;
        this.poolConfig = poolConfig(settings);
        this.breaker = breaker;
        breaker.getEventPublisher().onStateTransition(event -> {
            LOG.warn("Redis circuit {}", event.getStateTransition());
            Pool<Jedis> current = pool;
            if (event.getStateTransition().getToState() == CircuitBreaker.State.OPEN && current != null) {
                // Idle connections are likely dead too: drop them, so the trial call after the wait opens a fresh one.
                current.clear();
            }
        });
    }

    /** Connects with the settings alone: opening Redis never needs the database's settings. */
    public static Redis connect(RedisSettings settings) {
        return connect(settings, settings.clientConfig().build());
    }

    /**
     * Connects with another client configuration for the data node (an operator command's longer timeouts); the
     * location, pool size and circuit are the settings'.
     */
    public static Redis connect(RedisSettings settings, JedisClientConfig client) {
        Redis redis = new Redis(settings, client, breaker(settings));
        try {
            redis.pool();
        } catch (RuntimeException e) {
            LOG.warn("Redis not reachable at start ({}): {}; Citas works without it and tries again every {} ms",
                    settings.location(), e.toString(), settings.retryInterval().toMillis());
        }
        return redis;
    }

    private static GenericObjectPoolConfig<Jedis> poolConfig(RedisSettings settings) {
        GenericObjectPoolConfig<Jedis> poolConfig = new GenericObjectPoolConfig<>();
        poolConfig.setMaxTotal(settings.poolSize());
        poolConfig.setMaxIdle(settings.poolSize());
        poolConfig.setMinIdle(0);
        poolConfig.setBlockWhenExhausted(true);
        poolConfig.setMaxWait(settings.timeout());
        poolConfig.setJmxEnabled(false);
        return poolConfig;
    }

    /**
     * Opens after failures (one is enough while few calls were made), then lets one trial call through every
     * few seconds: a Redis outage costs one short timeout per interval per node, not one per request.
     */
    private static CircuitBreaker breaker(RedisSettings settings) {
        return CircuitBreaker.of("redis", CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(10)
                .minimumNumberOfCalls(1)
                .failureRateThreshold(50)
                .waitDurationInOpenState(settings.retryInterval())
                .permittedNumberOfCallsInHalfOpenState(1)
                .build());
    }

    /**
     * Runs the action on a pooled connection unless the circuit is open; any failure is recorded and answered
     * with the fallback. Callers degrade, they never fail because of Redis.
     */
    public <T> T execute(Function<Jedis, T> action, T fallback) {
        return guarded(() -> {
            try (Jedis jedis = pool().getResource()) {
                return action.apply(jedis);
            }
        }, fallback);
    }

    /**
     * Runs an action that talks to Redis through {@link #pool()} itself under the same circuit breaker: skipped
     * while the circuit is open, failures recorded and answered with the fallback.
     */
    public <T> T guarded(Supplier<T> action, T fallback) {
        if (!breaker.tryAcquirePermission()) {
            return fallback;
        }
        long start = System.nanoTime();
        try {
            T result = action.get();
            breaker.onSuccess(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            return result;
        } catch (RuntimeException e) {
            breaker.onError(System.nanoTime() - start, TimeUnit.NANOSECONDS, e);
            LOG.debug("Redis call failed: {}", e.toString());
            return fallback;
        }
    }

    /** False while the circuit is open (Redis recently failed); true when calls go through. */
    public boolean reachable() {
        return breaker.getState() != CircuitBreaker.State.OPEN && breaker.getState() != CircuitBreaker.State.FORCED_OPEN;
    }

    /** Runs the listener each time Redis comes back after an outage (the circuit closes again). */
    public void onRecovery(Runnable listener) {
        breaker.getEventPublisher().onStateTransition(event -> {
            if (event.getStateTransition().getToState() == CircuitBreaker.State.CLOSED) {
                listener.run();
            }
        });
    }

    /**
     * The pool of connections to the data node (the master, with Sentinels). Throws a
     * {@link JedisConnectionException} while a Sentinel pool cannot be built yet (no Sentinel answered; tried
     * again at most once per retry interval).
     */
    public Pool<Jedis> pool() {
        Pool<Jedis> current = pool;
        return current != null ? current : open();
    }

    private Pool<Jedis> open() {
        synchronized (opening) {
            if (pool != null) {
                return pool;
            }
            if (closed) {
                throw new JedisConnectionException("Redis is closed");
            }
            long now = System.nanoTime();
            if (lastOpenAttempt != 0 && now - lastOpenAttempt < settings.retryInterval().toNanos()) {
                throw new JedisConnectionException("Redis pool not built yet (" + settings.location() + "): "
                        + lastOpenFailure.getMessage(), lastOpenFailure);
            }
            lastOpenAttempt = now;
            if (settings.location() instanceof RedisSettings.Sentinels sentinels) {
                try {
                    pool = new JedisSentinelPool(sentinels.master(), new LinkedHashSet<>(sentinels.addresses()),
                            poolConfig, client, settings.sentinelClientConfig().build());
                } catch (RuntimeException e) {
                    lastOpenFailure = e;
                    throw e;
                }
            } else {
                pool = new JedisPool(poolConfig, ((RedisSettings.Server) settings.location()).address(), client);
            }
            return pool;
        }
    }

    /**
     * Where the data node is now: the server of a {@code redis://} URL, or the master the Sentinels last named (a
     * connection of its own, such as a pub/sub subscriber, connects there). Throws like {@link #pool()}.
     */
    public HostAndPort master() {
        if (settings.location() instanceof RedisSettings.Server server) {
            return server.address();
        }
        return ((JedisSentinelPool) pool()).getCurrentHostMaster();
    }

    /** The client configuration of this node's connections to the data node. */
    public JedisClientConfig clientConfig() {
        return client;
    }

    /**
     * True when Redis answered PING within the timeout. Tried twice: after a Redis restart the first pooled
     * connection is dead, and is discarded by the failed attempt.
     */
    public boolean ping() {
        return pingOnce() || pingOnce();
    }

    private boolean pingOnce() {
        try (Jedis jedis = pool().getResource()) {
            return "PONG".equals(jedis.ping());
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public void close() {
        synchronized (opening) {
            closed = true;
            if (pool != null) {
                pool.close();
            }
        }
    }

}
