package app.citas.booking;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import app.citas.platform.Managed;
import org.hibernate.SessionFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forgets Idempotency-Keys once they are older than their time to live (a retry after that books again), hourly,
 * in small batches so no delete holds many locks or a long transaction. Every node runs it; deletes are idempotent.
 */
final class IdempotencyKeyPurge implements Managed {
    private static final Logger LOG = LoggerFactory.getLogger(IdempotencyKeyPurge.class);
    static final Duration INTERVAL = Duration.ofHours(1);
    private static final int BATCH = 5_000;

    private final SessionFactory sessionFactory;
    private final Clock clock;
    private final Duration timeToLive;
    private ScheduledExecutorService scheduler;

    IdempotencyKeyPurge(SessionFactory sessionFactory, Clock clock, Duration timeToLive) {
        this.sessionFactory = sessionFactory;
        this.clock = clock;
        this.timeToLive = timeToLive;
    }

    @Override
    public void start() {
        scheduler = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "citas-idempotency-purge");
            thread.setDaemon(true);
            return thread;
        });
        scheduler.scheduleWithFixedDelay(this::purgeLogged, INTERVAL.toMinutes(), INTERVAL.toMinutes(), TimeUnit.MINUTES);
    }

    private void purgeLogged() {
        try {
            int purged = purge();
            if (purged > 0) {
                LOG.info("Forgot {} Idempotency-Keys older than {}", purged, timeToLive);
            }
        } catch (RuntimeException e) {
            LOG.warn("Could not purge old Idempotency-Keys (will retry in {}): {}", INTERVAL, e.toString());
        }
    }

    /** Deletes every key created before now minus the time to live; returns how many. */
    int purge() {
        Instant cutoff = clock.instant().minus(timeToLive);
        int total = 0;
        int deleted;
        do {
            deleted = sessionFactory.fromTransaction(session -> session.createNativeMutationQuery(
                            "delete from idempotency_keys where ctid in (select ctid from idempotency_keys "
                                    + "where created_at < :cutoff limit " + BATCH + ")")
                    .setParameter("cutoff", cutoff).executeUpdate());
            total += deleted;
        } while (deleted == BATCH);
        return total;
    }

    @Override
    public void stop() {
        if (scheduler == null) {
            return;
        }
        scheduler.shutdownNow();
        try {
            if (!scheduler.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warn("The Idempotency-Key purge did not stop within 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
