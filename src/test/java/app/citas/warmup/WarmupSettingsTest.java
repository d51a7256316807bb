package app.citas.warmup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.citas.platform.SettingsReader;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WarmupSettingsTest {
    private static WarmupSettings settings(Map<String, String> env) {
        return SettingsReader.read(env::get, WarmupSettings::read);
    }

    @Test
    void fiveSecondsByDefault() {
        WarmupSettings settings = settings(Map.of());

        assertEquals(5, settings.seconds());
        assertTrue(settings.enabled());
        assertEquals(Duration.ofSeconds(5), settings.budget());
    }

    @Test
    void thenAtMostTwoMinutesOverHttpByDefault() {
        WarmupSettings settings = settings(Map.of());

        assertTrue(settings.overHttp());
        assertEquals(Duration.ofSeconds(120), settings.httpBudget());
        assertEquals(300, settings(Map.of(WarmupSettings.HTTP_SECONDS, "300")).httpSeconds());
    }

    @Test
    void zeroTurnsItOff() {
        WarmupSettings settings = settings(Map.of(WarmupSettings.SECONDS, "0"));

        assertFalse(settings.enabled());
        assertFalse(settings.overHttp(), "no part of it runs");
    }

    @Test
    void zeroHttpSecondsKeepsOnlyTheInProcessPart() {
        WarmupSettings settings = settings(Map.of(WarmupSettings.HTTP_SECONDS, "0"));

        assertTrue(settings.enabled());
        assertFalse(settings.overHttp());
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "301", "thirty"})
    void httpSecondsRefusedNamingTheVariable(String value) {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> settings(Map.of(WarmupSettings.HTTP_SECONDS, value)));

        assertTrue(e.getMessage().contains("CITAS_WARMUP_HTTP_SECONDS must be"), e.getMessage());
    }

    @Test
    void upToTwoMinutes() {
        assertEquals(120, settings(Map.of(WarmupSettings.SECONDS, "120")).seconds());
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "121", "five", "1.5"})
    void refusedNamingTheVariable(String value) {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> settings(Map.of(WarmupSettings.SECONDS, value)));

        assertTrue(e.getMessage().contains("CITAS_WARMUP_SECONDS must be"), e.getMessage());
    }
}
