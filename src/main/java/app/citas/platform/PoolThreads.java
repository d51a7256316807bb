package app.citas.platform;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Makes every thread of the connection pool (housekeeper, connection adder and closer) and remembers them, so
 * closing the pool can wait until they have really ended: HikariCP only interrupts them, and Tomcat's leak check,
 * right after the context stops, would otherwise still find one alive and report a leak.
 */
final class PoolThreads implements ThreadFactory {
    private final String name;
    private final AtomicInteger count = new AtomicInteger();
    private final List<Thread> threads = new CopyOnWriteArrayList<>();

    PoolThreads(String name) {
        this.name = name;
    }

    @Override
    public Thread newThread(Runnable task) {
        Thread thread = new Thread(task, name + "-" + count.incrementAndGet());
        thread.setDaemon(true);
        threads.removeIf(old -> !old.isAlive());
        threads.add(thread);
        return thread;
    }

    /** Waits, at most the timeout in all, until every thread made here has ended. */
    void awaitExit(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Thread thread : threads) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            try {
                thread.join(Math.max(1, left / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
