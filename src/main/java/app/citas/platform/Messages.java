package app.citas.platform;

import java.util.List;
import java.util.Locale;
import java.util.ResourceBundle;

/**
 * The client-facing texts of one feature: a properties bundle (UTF-8) named {@code messages} in the feature's
 * package, English in the base file and one file per other language of {@link Languages#SUPPORTED}.
 */
public final class Messages {
    private static final ResourceBundle.Control NO_FALLBACK =
            ResourceBundle.Control.getNoFallbackControl(List.of("java.properties"));
    private final String baseName;

    private Messages(String baseName) {
        this.baseName = baseName;
    }

    /** The bundle {@code messages} of the package of this class. */
    public static Messages of(Class<?> feature) {
        return new Messages(feature.getPackageName() + ".messages");
    }

    public Message get(String key, Object... args) {
        return Message.of(this, key, args);
    }

    public String baseName() {
        return baseName;
    }

    String pattern(String key, Locale locale) {
        // The base file is English; the no-fallback control keeps the JVM's default locale out of the choice.
        return ResourceBundle.getBundle(baseName, locale, Messages.class.getClassLoader(), NO_FALLBACK).getString(key);
    }

    @Override
    public String toString() {
        return baseName;
    }
}
