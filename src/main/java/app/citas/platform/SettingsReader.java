package app.citas.platform;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Reads configuration variables for the features' settings records and collects every problem, so a deployment
 * with several wrong values is told about all of them at once, each with its variable's name. A blank value counts
 * as absent. Each feature's {@code read(SettingsReader)} takes what it needs; {@link #failIfProblems()} ends the read.
 */
public final class SettingsReader {
    /** A {@code password=} parameter of a JDBC URL, whose value must not reach logs or error messages. */
    private static final Pattern URL_PASSWORD = Pattern.compile("(?i)([?&]password=)[^&]*");

    private final Function<String, String> source;
    private final List<String> problems = new ArrayList<>();

    public SettingsReader(Function<String, String> source) {
        this.source = source;
    }

    /** The process environment, a JVM system property of the same name overriding it. */
    public static Function<String, String> environment() {
        Map<String, String> env = System.getenv();
        return name -> System.getProperty(name, env.get(name));
    }

    /** One feature's settings on their own (an operator command, a test), refused with every problem at once. */
    public static <T> T read(Function<String, String> source, Function<SettingsReader, T> feature) {
        SettingsReader reader = new SettingsReader(source);
        T settings = feature.apply(reader);
        reader.failIfProblems();
        return settings;
    }

    private String raw(String name) {
        String value = source.apply(name);
        return value == null || value.isBlank() ? null : value.trim();
    }

    /** Records a problem that no single helper can see, such as two variables that contradict each other. */
    public void problem(String message) {
        problems.add(message);
    }

    /** The value trimmed, or the fallback when unset or blank. */
    public String value(String name, String fallback) {
        String value = raw(name);
        return value == null ? fallback : value;
    }

    /** How many problems were found so far: a feature parsing a compound value checks whether its parts added any. */
    public int problemCount() {
        return problems.size();
    }

    /** The value as given (not trimmed, a blank one kept), or the fallback when unset: for credentials. */
    public String text(String name, String fallback) {
        String value = source.apply(name);
        return value == null ? fallback : value;
    }

    public int integer(String name, int fallback, int min, int max) {
        String value = raw(name);
        if (value == null) {
            return fallback;
        }
        try {
            int parsed = Integer.parseInt(value);
            if (parsed < min || parsed > max) {
                problems.add(name + " must be between " + min + " and " + max + ", got " + parsed);
            }
            return parsed;
        } catch (NumberFormatException e) {
            // Digits too many for an int are still a whole number: say what the allowed range is.
            problems.add(value.matches("[+-]?\\d+")
                    ? name + " must be between " + min + " and " + max + ", got " + value
                    : name + " must be a whole number, got '" + value + "'");
            return fallback;
        }
    }

    public boolean bool(String name, boolean fallback) {
        String value = raw(name);
        if (value == null) {
            return fallback;
        }
        if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
            problems.add(name + " must be true or false, got '" + value + "'");
        }
        return Boolean.parseBoolean(value);
    }

    /** A prefix for Redis keys, which must never hold the glob characters a SCAN pattern would interpret. */
    public String keyPrefix(String name, String fallback) {
        String value = raw(name);
        if (value == null) {
            return fallback;
        }
        if (!value.matches("[A-Za-z0-9_.:-]{1,64}")) {
            problems.add(name + " must be 1-64 characters of A-Z a-z 0-9 _ . : - (no glob characters), got '"
                    + value + "'");
        }
        return value;
    }

    /** A PostgreSQL JDBC URL, required: there is no sensible default database. */
    public String requiredJdbcUrl(String name) {
        String value = raw(name);
        if (value == null) {
            problems.add(name + " is required (a JDBC URL such as jdbc:postgresql://127.0.0.1:5432/citas)");
        } else if (!value.startsWith("jdbc:postgresql:")) {
            problems.add(name + " must be a PostgreSQL JDBC URL starting with jdbc:postgresql:, got '"
                    + redactPassword(value) + "'");
        }
        return value;
    }

    /** The URL with the value of any {@code password} parameter masked, for logs and messages. */
    public static String redactPassword(String url) {
        return URL_PASSWORD.matcher(url).replaceAll("$1***");
    }

    /** Throws one exception listing every problem found so far, if there is any. */
    public void failIfProblems() {
        if (!problems.isEmpty()) {
            throw new IllegalStateException("Invalid Citas configuration:\n  - " + String.join("\n  - ", problems));
        }
    }
}
