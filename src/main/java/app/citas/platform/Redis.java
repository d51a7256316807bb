package app.citas.platform;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPool;

/**
 * The one Jedis pool, built from CITAS_REDIS_URL with short timeouts and a bounded wait for a connection,
 * so a dead or slow Redis costs milliseconds and never hangs a request.
 */
public final class Redis implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Redis.class);
    private final JedisPool pool;
    private final CircuitBreaker breaker;

    private Redis(JedisPool pool, CircuitBreaker breaker) {
        this.pool = pool;
        this.breaker = breaker;
        breaker.getEventPublisher().onStateTransition(event -> {
            LOG.warn("Redis circuit {}", event.getStateTransition());
            if (event.getStateTransition().getToState() == CircuitBreaker.State.OPEN) {
                // Idle connections are likely dead too: drop them, so the trial call after the wait opens a fresh one.
                pool.clear();
            }
        });
    }

    /** Connects with the settings alone: opening Redis never needs the database's settings. */
    public static Redis connect(RedisSettings settings) {
        GenericObjectPoolConfig<Jedis> poolConfig = new GenericObjectPoolConfig<>();
        poolConfig.setMaxTotal(settings.poolSize());
        poolConfig.setMaxIdle(settings.poolSize());
        poolConfig.setMinIdle(0);
        poolConfig.setBlockWhenExhausted(true);
        poolConfig.setMaxWait(settings.timeout());
        poolConfig.setJmxEnabled(false);
        return new Redis(new JedisPool(poolConfig, settings.address(), settings.clientConfig().build()),
                breaker(settings));
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
            try (Jedis jedis = pool.getResource()) {
                return action.apply(jedis);
            }
        }, fallback);
    }

    /**
     * Runs an action that talks to Redis through {@link #pool()} itself (a library such as Bucket4j) under the
     * same circuit breaker: skipped while the circuit is open, failures recorded and answered with the fallback.
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
