package app.citas.platform;

import jakarta.validation.MessageInterpolator;
import jakarta.validation.Validation;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.ContextResolver;
import java.util.Locale;
import org.glassfish.jersey.server.validation.ValidationConfig;

/**
 * Bean Validation messages in the client's language ({@code Accept-Language}), like every other problem text:
 * Hibernate Validator's own texts (it ships Spanish) and Citas's, keyed in {@code ValidationMessages.properties}.
 */
final class LocalizedValidation implements ContextResolver<ValidationConfig> {
    private final MessageInterpolator standard =
            Validation.byDefaultProvider().configure().getDefaultMessageInterpolator();
    /** A proxy: Jersey resolves it to the headers of the request being validated. */
    @Context
    private HttpHeaders headers;

    @Override
    public ValidationConfig getContext(Class<?> type) {
        return new ValidationConfig().messageInterpolator(new MessageInterpolator() {
            @Override
            public String interpolate(String template, Context context) {
                return standard.interpolate(template, context, bundleLocale(requestLanguage()));
            }

            @Override
            public String interpolate(String template, Context context, Locale locale) {
                return standard.interpolate(template, context, bundleLocale(locale));
            }
        });
    }

    private Locale requestLanguage() {
        try {
            return Languages.preferred(headers.getHeaderString(HttpHeaders.ACCEPT_LANGUAGE));
        } catch (IllegalStateException outsideARequest) {
            return Languages.ENGLISH;
        }
    }

    /**
     * English is the bundles' base file, asked for as the root locale: asked for as "en", which has no file of its
     * own, ResourceBundle would fall back to the JVM's default locale first (Spanish on a Spanish server).
     */
    static Locale bundleLocale(Locale language) {
        return language.getLanguage().equals(Languages.ENGLISH.getLanguage()) ? Locale.ROOT : language;
    }
}
