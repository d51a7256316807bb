package app.citas.warmup;

import app.citas.platform.SettingsReader;
import java.time.Duration;

/**
 * How long a node warms its hot read paths after a start: first {@code seconds} in process, before Tomcat completes
 * the deployment (0 turns the whole warm-up off), then at most {@code httpSeconds} through its own HTTP connector,
 * ending earlier once the JIT compiler has gone quiet (0 skips that part), while {@code /health} answers WARMING.
 */
public record WarmupSettings(int seconds, int httpSeconds) {
    public static final String SECONDS = "CITAS_WARMUP_SECONDS";
    public static final String HTTP_SECONDS = "CITAS_WARMUP_HTTP_SECONDS";

    public static WarmupSettings read(SettingsReader reader) {
        return new WarmupSettings(reader.integer(SECONDS, 5, 0, 120), reader.integer(HTTP_SECONDS, 120, 0, 300));
    }

    public boolean enabled() {
        return seconds > 0;
    }

    public Duration budget() {
        return Duration.ofSeconds(seconds);
    }

    public boolean overHttp() {
        return enabled() && httpSeconds > 0;
    }

    public Duration httpBudget() {
        return Duration.ofSeconds(httpSeconds);
    }
}
