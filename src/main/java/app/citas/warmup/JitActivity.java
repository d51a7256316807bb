package app.citas.warmup;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.LongSupplier;

/**
 * Whether the JIT compiler has gone quiet: over the last window its compilation time grew by less than a share of
 * the window. A warm-up that stops then leaves the hot paths compiled, while one that stops on a fixed time either
 * wastes seconds or leaves them half compiled. Called from one thread.
 */
final class JitActivity {
    static final Duration WINDOW = Duration.ofSeconds(2);
    static final double QUIET_SHARE = 0.10;

    private final LongSupplier compilationMillis;
    private final LongSupplier nanoTime;
    private final Deque<long[]> samples = new ArrayDeque<>();

    /** @param compilationMillis the compiler's total time so far, or a negative value when the JVM does not say */
    JitActivity(LongSupplier compilationMillis, LongSupplier nanoTime) {
        this.compilationMillis = compilationMillis;
        this.nanoTime = nanoTime;
    }

    /** This JVM's compiler, as {@link CompilationMXBean} reports it. */
    static JitActivity ofThisJvm() {
        CompilationMXBean compiler = ManagementFactory.getCompilationMXBean();
        boolean measurable = compiler != null && compiler.isCompilationTimeMonitoringSupported();
        return new JitActivity(measurable ? compiler::getTotalCompilationTime : () -> -1, System::nanoTime);
    }

    /** Takes a sample; true once the samples span the window and the compiler worked less than its quiet share. */
    boolean quiet() {
        long millis = compilationMillis.getAsLong();
        if (millis < 0) {
            return false;
        }
        long now = nanoTime.getAsLong();
        samples.addLast(new long[] {now, millis});
        long windowStart = now - WINDOW.toNanos();
        while (samples.size() > 1 && samples.peekFirst()[0] <= windowStart && secondOldest()[0] <= windowStart) {
            samples.removeFirst();
        }
        long[] oldest = samples.peekFirst();
        if (oldest[0] > windowStart) {
            return false;
        }
        double spanMillis = (now - oldest[0]) / 1e6;
        return millis - oldest[1] < QUIET_SHARE * spanMillis;
    }

    private long[] secondOldest() {
        var iterator = samples.iterator();
        iterator.next();
        return iterator.next();
    }
}
