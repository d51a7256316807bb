package app.citas.quota;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisMonitor;

/**
 * The commands a real Redis executes, as MONITOR reports them: the ones clients sent (one round trip each), not
 * the ones a Lua script ran inside Redis. Filtered by a text (a key prefix), so other tests sharing the Redis
 * do not count.
 */
final class RedisCommandLog implements AutoCloseable {
    private final String url;
    private final Jedis monitor;
    private final List<String> lines = new ArrayList<>();
    private final CountDownLatch started = new CountDownLatch(1);
    private final Thread reader;
    private final String sentinelPrefix = "command-log-end:" + UUID.randomUUID() + ":";
    private int sentinels;

    RedisCommandLog(String url) throws InterruptedException {
        this.url = url;
        this.monitor = new Jedis(URI.create(url));
        this.reader = new Thread(() -> {
            try {
                monitor.monitor(new JedisMonitor() {
                    @Override
                    public void onCommand(String command) {
                        synchronized (lines) {
                            lines.add(command);
                            lines.notifyAll();
                        }
                    }

                    @Override
                    public void proceed(redis.clients.jedis.Connection connection) {
                        started.countDown();
                        super.proceed(connection);
                    }
                });
            } catch (RuntimeException closed) {
                // close() ends MONITOR by closing its connection.
            }
        }, "redis-monitor");
        reader.setDaemon(true);
        reader.start();
        if (!started.await(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("MONITOR did not start");
        }
    }

    /**
     * The client-sent commands that mention the text, executed up to now: an ECHO sent afterwards marks the end,
     * since MONITOR reports commands in the order Redis ran them.
     */
    List<String> clientCommandsMentioning(String text) throws InterruptedException {
        String sentinel = sentinelPrefix + (++sentinels);
        try (Jedis jedis = new Jedis(URI.create(url))) {
            jedis.echo(sentinel);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        synchronized (lines) {
            while (lines.stream().noneMatch(line -> line.contains(sentinel))) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new IllegalStateException("MONITOR never showed " + sentinel);
                }
                TimeUnit.NANOSECONDS.timedWait(lines, left);
            }
            List<String> seen = lines.stream()
                    .filter(line -> line.contains(text) && !line.contains(" lua]") && !line.contains(sentinelPrefix))
                    .toList();
            lines.clear();
            return seen;
        }
    }

    @Override
    public void close() throws InterruptedException {
        monitor.close();
        reader.join(TimeUnit.SECONDS.toMillis(5));
    }
}
