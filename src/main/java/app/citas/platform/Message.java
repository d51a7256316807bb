package app.citas.platform;

import java.text.MessageFormat;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A text for the client that is worded only once the client's language is known: a key of a feature's message
 * bundle and its arguments ({0}, {1}...). Arguments are inserted as they are: numbers are not grouped or localized,
 * so an id reads the same in every language.
 */
public record Message(Messages bundle, String key, List<String> args) {
    public Message {
        args = List.copyOf(args);
    }

    /** A text another library already worded (a Bean Validation message), sent as it is. */
    public static Message verbatim(String text) {
        return new Message(null, text, List.of());
    }

    static Message of(Messages bundle, String key, Object... args) {
        return new Message(bundle, key, Arrays.stream(args).map(String::valueOf).toList());
    }

    public String in(Locale locale) {
        if (bundle == null) {
            return key;
        }
        String pattern = bundle.pattern(key, locale);
        return new MessageFormat(pattern, locale).format(args.toArray());
    }
}
