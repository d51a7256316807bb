package app.citas.platform;

import java.util.List;
import java.util.Locale;

/** The languages problems are worded in, and the one a request prefers (its Accept-Language, RFC 9110 §12.5.4). */
public final class Languages {
    public static final Locale ENGLISH = Locale.ENGLISH;
    public static final Locale SPANISH = Locale.forLanguageTag("es");
    public static final List<Locale> SUPPORTED = List.of(ENGLISH, SPANISH);

    private Languages() {
    }

    /** The supported language the header ranks highest; English when there is none, or the header does not parse. */
    public static Locale preferred(String acceptLanguage) {
        if (acceptLanguage == null || acceptLanguage.isBlank()) {
            return ENGLISH;
        }
        try {
            Locale chosen = Locale.lookup(Locale.LanguageRange.parse(acceptLanguage), SUPPORTED);
            return chosen == null ? ENGLISH : chosen;
        } catch (IllegalArgumentException malformed) {
            return ENGLISH;
        }
    }
}
