package app.citas.account;

import app.citas.platform.Managed;
import app.citas.platform.Redis;
import app.citas.platform.RedisSettings;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPubSub;

/**
 * Tells every node sharing the Redis (under the one key prefix) that a token was revoked, and listens for the same
 * from the others, so their {@link TokenCache}s forget it: a Redis pub/sub channel carrying token hashes (hex, never
 * a token).
 * <p>
 * The listener is a thread of its own with its own connection, started by the lifecycle. A heartbeat pings on that
 * connection every {@link #HEARTBEAT}; the cache serves only while the subscription was heard from within
 * {@link TokenCache#FRESHNESS} (Redis answers a ping only after every message published before it), and a
 * connection silent for {@link #SILENCE_LIMIT} is dropped. A lost subscription clears the cache, which stays out of
 * use (every request goes to the database) until a new subscription is up; reconnection backs off from
 * {@link #FIRST_BACKOFF} to the Redis retry interval. A revocation that cannot be published is queued (bounded) and
 * sent by the heartbeat once this node is subscribed again.
 */
final class TokenRevocations implements Managed, RevocationNotice {
    private static final Logger LOG = LoggerFactory.getLogger(TokenRevocations.class);
    static final Duration HEARTBEAT = Duration.ofMillis(200);
    /** Only when the connection is dropped: the cache is out of use after {@link TokenCache#FRESHNESS} anyway. */
    static final Duration SILENCE_LIMIT = Duration.ofSeconds(5);
    static final Duration FIRST_BACKOFF = Duration.ofMillis(100);
    private static final int MAX_UNPUBLISHED = 10_000;

    private final RedisSettings settings;
    private final Redis redis;
    private final TokenCache cache;
    private final String channel;
    /** What CLIENT LIST shows for the subscriber's connection. */
    private final String clientName;
    private final BlockingQueue<String> unpublished = new LinkedBlockingQueue<>(MAX_UNPUBLISHED);
    private volatile boolean running;
    private volatile Jedis connection;
    /** The server the current subscription is on. */
    private volatile HostAndPort subscribedTo;
    private volatile Listener listener;
    private Thread subscriber;
    private ScheduledExecutorService heartbeat;

    TokenRevocations(RedisSettings settings, Redis redis, TokenCache cache) {
        this.settings = settings;
        this.redis = redis;
        this.cache = cache;
        this.channel = channel(settings.keyPrefix());
        this.clientName = settings.keyPrefix() + "token-revocations";
    }

    static String channel(String keyPrefix) {
        return keyPrefix + "tokens:revoked";
    }

    /** Forgets the token here at once, then tells the other nodes (after the revoking transaction committed). */
    @Override
    public void revoked(byte[] tokenHash) {
        String key = TokenCache.key(tokenHash);
        cache.forget(key);
        boolean sent = redis.execute(jedis -> {
            jedis.publish(channel, key);
            return true;
        }, false);
        if (!sent && !unpublished.offer(key)) {
            LOG.warn("Too many unpublished token revocations queued: other nodes forget this token only when their "
                    + "near cache lets it go (CITAS_TOKEN_CACHE_SECONDS)");
        }
    }

    @Override
    public void start() {
        running = true;
        if (!cache.enabled()) {
            return; // nothing here to keep fresh; revocations are still published for the other nodes
        }
        subscriber = new Thread(this::listen, "citas-token-revocations");
        subscriber.setDaemon(true);
        subscriber.start();
        heartbeat = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "citas-token-revocations-heartbeat");
            thread.setDaemon(true);
            return thread;
        });
        heartbeat.scheduleWithFixedDelay(this::beat, HEARTBEAT.toMillis(), HEARTBEAT.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** The subscriber thread: subscribe, and when the connection drops, clear the cache and come back later. */
    private void listen() {
        long backoff = FIRST_BACKOFF.toMillis();
        long maxBackoff = Math.max(FIRST_BACKOFF.toMillis(), settings.retryInterval().toMillis());
        boolean warned = false;
        while (running) {
            Listener current = new Listener();
            try (Jedis jedis = connectToMaster()) {
                connection = jedis;
                listener = current;
                if (running) {
                    jedis.subscribe(current, channel); // returns once unsubscribed, throws when the connection drops
                }
            } catch (RuntimeException e) {
                if (running && (current.wasSubscribed || !warned)) {
                    LOG.warn("Not subscribed to token revocations ({}): tokens are looked up in the database until "
                            + "Redis is back", e.toString());
                    warned = true;
                }
            } finally {
                connection = null;
                listener = null;
                subscribedTo = null;
                cache.unsubscribed();
            }
            if (current.wasSubscribed) {
                backoff = FIRST_BACKOFF.toMillis();
            }
            if (!running) {
                break;
            }
            try {
                Thread.sleep(backoff);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            backoff = Math.min(backoff * 2, maxBackoff);
        }
    }

    /**
     * A connection of its own to the data node; with Sentinels, to the master they named last (a failover drops
     * it, and the next one goes to the new master).
     */
    private Jedis connectToMaster() {
        HostAndPort master = redis.master();
        Jedis jedis = new Jedis(master, settings.clientConfig().clientName(clientName).build());
        subscribedTo = master;
        return jedis;
    }

    /** The heartbeat: ping the subscription, drop it when silent too long, send what could not be published. */
    private void beat() {
        try {
            Listener current = listener;
            Jedis jedis = connection;
            if (current == null || jedis == null || !current.isSubscribed()) {
                return;
            }
            if (cache.silence() > SILENCE_LIMIT.toNanos()) {
                LOG.warn("Token revocations: Redis silent for over {} ms, reconnecting", SILENCE_LIMIT.toMillis());
                jedis.disconnect();
                return;
            }
            HostAndPort master = redis.master();
            if (!master.equals(subscribedTo)) {
                // The Sentinels named another master (a failover the old one survived): subscribe where nodes publish.
                LOG.info("Token revocations: Redis master is now {}, subscribing there", master);
                jedis.disconnect();
                return;
            }
            current.ping();
            publishQueued();
        } catch (RuntimeException e) {
            LOG.debug("Token revocation heartbeat failed: {}", e.toString());
            Jedis jedis = connection;
            if (jedis != null) {
                try {
                    jedis.disconnect();
                } catch (RuntimeException ignored) {
                    // the subscriber thread notices the dead connection and reconnects
                }
            }
        }
    }

    /** Sends the queued revocations straight through the pool: the subscription proves Redis answers. */
    private void publishQueued() {
        String key;
        while ((key = unpublished.peek()) != null) {
            try (Jedis jedis = redis.pool().getResource()) {
                jedis.publish(channel, key);
            }
            unpublished.remove(key);
        }
    }

    @Override
    public void stop() {
        running = false;
        if (heartbeat != null) {
            heartbeat.shutdownNow();
        }
        Listener current = listener;
        if (current != null) {
            try {
                current.unsubscribe();
            } catch (RuntimeException ignored) {
                // closing the connection below ends the subscription anyway
            }
        }
        Jedis jedis = connection;
        if (jedis != null) {
            try {
                jedis.disconnect();
            } catch (RuntimeException ignored) {
                // already closed
            }
        }
        if (subscriber != null) {
            subscriber.interrupt();
            try {
                subscriber.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (subscriber.isAlive()) {
                LOG.warn("The token revocation subscriber did not stop within 5 s");
            }
        }
        cache.unsubscribed();
    }

    /** What Redis says on the subscription. */
    private final class Listener extends JedisPubSub {
        private volatile boolean wasSubscribed;

        @Override
        public void onSubscribe(String subscribedChannel, int subscribedChannels) {
            wasSubscribed = true;
            cache.subscribed();
            LOG.info("Subscribed to token revocations on {}", subscribedChannel);
        }

        @Override
        public void onMessage(String fromChannel, String key) {
            cache.forget(key);
            cache.heard();
        }

        @Override
        public void onPong(String pattern) {
            cache.heard();
        }
    }
}
