package app.citas.warmup;

import app.citas.platform.Readiness;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The second part of the warm-up, once Tomcat's connector takes requests: a few threads send the hot reads to the
 * node's own connector (the in-process part cannot reach Tomcat's request path and the servlet filters, which a
 * profile after a start showed interpreted for the first 15 to 20 s under load) until the JIT compiler goes quiet or
 * the budget ends. The node's {@link Readiness} is warming meanwhile and ready at the end, whatever happened.
 */
final class HttpWarmup {
    private static final Logger LOG = LoggerFactory.getLogger(HttpWarmup.class);
    static final Duration CONNECTOR_WAIT = Duration.ofSeconds(120);
    private static final long POLL_MILLIS = 250;

    private final URI base;
    private final HttpTarget target;
    private final Duration budget;
    private final int threads;
    private final Readiness readiness;
    private final Function<Warmup.Target, Warmup> warmups;
    private final JitActivity jit;
    private volatile boolean stopped;
    private Thread thread;

    /**
     * @param base    the API root on loopback, ending with a slash
     * @param warmups makes one thread's request sequence for a target
     */
    HttpWarmup(URI base, String secret, Duration budget, int threads, Readiness readiness,
               Function<Warmup.Target, Warmup> warmups, JitActivity jit) {
        this.base = base;
        this.target = new HttpTarget(base, secret);
        this.budget = budget;
        this.threads = threads;
        this.readiness = readiness;
        this.warmups = warmups;
        this.jit = jit;
    }

    /** One thread per core, at most four: enough requests in flight to warm the paths, the rest left to the JIT. */
    static int threadsFor(int cores) {
        return Math.max(1, Math.min(4, cores));
    }

    /** Marks the node warming and starts the warm-up's thread. */
    void start() {
        readiness.markWarming();
        thread = new Thread(this::run, "citas-warmup");
        thread.setDaemon(true);
        thread.start();
    }

    /** Ends the warm-up early (an undeploy during it) and waits a little for its thread. */
    void stop() throws InterruptedException {
        stopped = true;
        if (thread != null) {
            thread.interrupt();
            thread.join(TimeUnit.SECONDS.toMillis(5));
        }
    }

    private void run() {
        long started = System.nanoTime();
        ExecutorService workers = Executors.newFixedThreadPool(threads, namedThreads());
        try {
            awaitConnector();
            String ended = "budget";
            List<Future<Warmup.Result>> results = new ArrayList<>();
            Duration left = budget.minusNanos(System.nanoTime() - started);
            for (int i = 0; i < threads; i++) {
                results.add(workers.submit(() -> warmups.apply(target).run(left, () -> stopped)));
            }
            while (!results.stream().allMatch(Future::isDone)) {
                Thread.sleep(POLL_MILLIS);
                if (!stopped && jit.quiet()) {
                    stopped = true;
                    ended = "JIT compiler quiet";
                }
            }
            int requests = 0;
            for (Future<Warmup.Result> result : results) {
                requests += result.get().requests();
            }
            LOG.info("warm-up over HTTP: {} requests by {} threads in {} s (ended by the {})", requests, threads,
                    String.format("%.1f", (System.nanoTime() - started) / 1e9), ended);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.warn("warm-up over HTTP stopped: {}", e.toString());
        } finally {
            workers.shutdownNow();
            readiness.markReady();
        }
    }

    /** Tomcat starts its connector after the deployment: wait until the node answers its own health check. */
    private void awaitConnector() throws Exception {
        long deadline = System.nanoTime() + CONNECTOR_WAIT.toNanos();
        while (true) {
            try {
                target.get("health");
                return;
            } catch (IOException e) {
                if (stopped || System.nanoTime() > deadline) {
                    throw new IllegalStateException("the connector at " + base + " did not answer within "
                            + CONNECTOR_WAIT.toSeconds() + " s: " + e);
                }
                Thread.sleep(POLL_MILLIS);
            }
        }
    }

    private static ThreadFactory namedThreads() {
        AtomicInteger n = new AtomicInteger();
        return runnable -> {
            Thread t = new Thread(runnable, "citas-warmup-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
