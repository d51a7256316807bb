package app.citas.tools.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StatusOptionsTest {
    private static final Map<String, String> PORT_ONLY = Map.of("CITAS_JMX_PORT", "9010");

    @Test
    void samplesOnceOverFiveSecondsAsMonitorWithoutCredentialsByDefault() {
        StatusOptions options = StatusOptions.parse(new String[0], PORT_ONLY);
        assertEquals(9010, options.port());
        assertEquals("monitor", options.user());
        assertFalse(options.hasCredentials());
        assertEquals(Duration.ofSeconds(5), options.interval());
        assertFalse(options.watch());
    }

    @Test
    void watchTakesAnOptionalInterval() {
        assertEquals(Duration.ofSeconds(5), StatusOptions.parse(new String[] {"--watch"}, PORT_ONLY).interval());
        StatusOptions options = StatusOptions.parse(new String[] {"--watch", "2", "--port", "9999"}, PORT_ONLY);
        assertTrue(options.watch());
        assertEquals(Duration.ofSeconds(2), options.interval());
        assertEquals(9999, options.port());
        assertEquals(Duration.ofMillis(1500),
                StatusOptions.parse(new String[] {"--watch", "--interval", "1.5"}, PORT_ONLY).interval());
    }

    @Test
    void credentialsComeFromTheEnvironment() {
        StatusOptions options = StatusOptions.parse(new String[0], Map.of("CITAS_JMX_PORT", "9010",
                "CITAS_JMX_USER", "control", "CITAS_JMX_PASSWORD", "secret"));
        assertEquals("control", options.user());
        assertTrue(options.hasCredentials());
        assertEquals("127.0.0.1:9010 as control", Status.target(options));
    }

    @Test
    void refusesWhatItCannotUse() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> StatusOptions.parse(new String[0], Map.of()))
                .getMessage().contains("CITAS_JMX_PORT"));
        assertThrows(IllegalArgumentException.class, () -> StatusOptions.parse(new String[0],
                Map.of("CITAS_JMX_PORT", "70000")));
        assertThrows(IllegalArgumentException.class, () -> StatusOptions.parse(new String[] {"--interval", "0"},
                PORT_ONLY));
        assertThrows(IllegalArgumentException.class, () -> StatusOptions.parse(new String[] {"--interval"},
                PORT_ONLY));
        assertThrows(IllegalArgumentException.class, () -> StatusOptions.parse(new String[] {"--verbose"},
                PORT_ONLY));
    }
}
