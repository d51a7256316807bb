package app.citas.warmup;

import app.citas.platform.SettingsReader;
import java.time.Duration;

/**
 * How long a node exercises its hot read paths in process before it starts answering (0 turns the warm-up off), so
 * the JIT has compiled them by the time {@code /health} first answers UP.
 */
public record WarmupSettings(int seconds) {
    public static final String SECONDS = "CITAS_WARMUP_SECONDS";

    public static WarmupSettings read(SettingsReader reader) {
        return new WarmupSettings(reader.integer(SECONDS, 5, 0, 120));
    }

    public boolean enabled() {
        return seconds > 0;
    }

    public Duration budget() {
        return Duration.ofSeconds(seconds);
    }
}
