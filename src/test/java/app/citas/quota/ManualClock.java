package app.citas.quota;

import io.github.bucket4j.TimeMeter;
import java.util.concurrent.TimeUnit;

/** A wall-clock reading (Bucket4j's distributed buckets insist on one), moved only by the test. */
final class ManualClock implements TimeMeter {
    private long nanos = 1_790_000_000_000_000_000L;

    void advance(long amount, TimeUnit unit) {
        nanos += unit.toNanos(amount);
    }

    @Override
    public long currentTimeNanos() {
        return nanos;
    }

    @Override
    public boolean isWallClockBased() {
        return true;
    }
}
