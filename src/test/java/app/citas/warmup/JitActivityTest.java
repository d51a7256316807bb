package app.citas.warmup;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class JitActivityTest {
    private final AtomicLong compilationMillis = new AtomicLong();
    private final AtomicLong nanos = new AtomicLong();
    private final JitActivity jit = new JitActivity(compilationMillis::get, nanos::get);

    /** Advances the clock by {@code millis} while the compiler works {@code compiling} of them, then samples. */
    private boolean after(long millis, long compiling) {
        nanos.addAndGet(millis * 1_000_000);
        compilationMillis.addAndGet(compiling);
        return jit.quiet();
    }

    @Test
    void neverQuietBeforeItHasWatchedAWholeWindow() {
        assertFalse(jit.quiet());
        assertFalse(after(1_000, 0));
        assertFalse(after(999, 0));
        assertTrue(after(1, 0));
    }

    @Test
    void busyWhileTheCompilerWorksATenthOfTheWindowOrMore() {
        for (int i = 0; i < 8; i++) {
            assertFalse(after(250, 25), "sample " + i);
        }
        assertFalse(after(250, 25));
    }

    @Test
    void quietOnceTheLastWindowHadLittleCompilation() {
        for (int i = 0; i < 20; i++) {
            after(250, 200);
        }
        assertFalse(after(250, 5));
        for (int i = 0; i < 6; i++) {
            assertFalse(after(250, 5), "sample " + i + ": the busy samples are still in the window");
        }
        assertTrue(after(250, 5), "2 s with 40 ms of compilation");
    }

    @Test
    void neverQuietWhenTheJvmDoesNotMeasureCompilation() {
        JitActivity unmeasured = new JitActivity(() -> -1, nanos::get);
        for (int i = 0; i < 20; i++) {
            nanos.addAndGet(500_000_000);
            assertFalse(unmeasured.quiet());
        }
    }
}
