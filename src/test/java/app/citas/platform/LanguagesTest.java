package app.citas.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Locale;
import org.junit.jupiter.api.Test;

class LanguagesTest {
    private static final Locale EN = Languages.ENGLISH;
    private static final Locale ES = Languages.SPANISH;

    @Test
    void theHighestRankedSupportedLanguageWins() {
        assertEquals(ES, Languages.preferred("es"));
        assertEquals(ES, Languages.preferred("es-MX"));
        assertEquals(ES, Languages.preferred("fr, es;q=0.5, en;q=0.1"));
        assertEquals(ES, Languages.preferred("en;q=0.4, es;q=0.9"));
        assertEquals(EN, Languages.preferred("en-GB, es;q=0.9"));
        assertEquals(EN, Languages.preferred("es;q=0.3, en;q=0.8"));
    }

    @Test
    void noSupportedOrNoReadableLanguageIsEnglish() {
        assertEquals(EN, Languages.preferred(null));
        assertEquals(EN, Languages.preferred(""));
        assertEquals(EN, Languages.preferred("fr, de"));
        assertEquals(EN, Languages.preferred("*"));
        assertEquals(EN, Languages.preferred("es;q=x"));
        assertEquals(EN, Languages.preferred(";;;,,=="));
        assertEquals(EN, Languages.preferred("\u00e9s"));
    }
}
