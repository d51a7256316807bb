package app.citas.platform;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Locale;

/** Strict parsing of query parameters: anything malformed is a 400 naming the parameter. */
public final class QueryParams {
    /** Dates and instants the service stores and computes with: four-digit years, as PostgreSQL and ISO 8601 agree. */
    static final LocalDate FIRST_DATE = LocalDate.of(1, 1, 1);
    static final LocalDate LAST_DATE = LocalDate.of(9999, 12, 31);
    static final Instant FIRST_INSTANT = FIRST_DATE.atStartOfDay(ZoneOffset.UTC).toInstant();
    static final Instant LAST_INSTANT = LAST_DATE.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    /** Jackson's reason for a date out of range (logged, never sent: the client gets param.year-range's wording). */
    static final String YEAR_RANGE = "must lie in the years 0001 to 9999";

    private QueryParams() {
    }

    public static int integer(String name, String value, int fallback) {
        if (value == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw ApiException.invalidField(name, Problems.text("param.whole-number"));
        }
    }

    public static Long id(String name, String value) {
        if (value == null) {
            return null;
        }
        try {
            long id = Long.parseLong(value.trim());
            if (id < 1) {
                throw ApiException.invalidField(name, Problems.text("param.positive-id"));
            }
            return id;
        } catch (NumberFormatException e) {
            throw ApiException.invalidField(name, Problems.text("param.positive-id"));
        }
    }

    public static boolean bool(String name, String value, boolean fallback) {
        if (value == null) {
            return fallback;
        }
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw ApiException.invalidField(name, Problems.text("param.boolean"));
        };
    }

    public static Instant instant(String name, String value) {
        if (value == null) {
            return null;
        }
        try {
            Instant instant = Instant.parse(value.trim());
            if (!inRange(instant)) {
                throw ApiException.invalidField(name, Problems.text("param.year-range"));
            }
            return instant;
        } catch (DateTimeParseException e) {
            throw ApiException.invalidField(name, Problems.text("param.instant"));
        }
    }

    public static LocalDate date(String name, String value) {
        if (value == null) {
            throw ApiException.invalidField(name, Problems.text("param.date-required"));
        }
        try {
            LocalDate date = LocalDate.parse(value.trim());
            if (date.isBefore(FIRST_DATE) || date.isAfter(LAST_DATE)) {
                throw ApiException.invalidField(name, Problems.text("param.year-range"));
            }
            return date;
        } catch (DateTimeParseException e) {
            throw ApiException.invalidField(name, Problems.text("param.date"));
        }
    }

    /** True for instants in years 0001 to 9999 (UTC): outside them PostgreSQL or date arithmetic fails. */
    static boolean inRange(Instant instant) {
        return !instant.isBefore(FIRST_INSTANT) && instant.isBefore(LAST_INSTANT);
    }

    public static <E extends Enum<E>> E enumValue(String name, String value, Class<E> type) {
        if (value == null) {
            return null;
        }
        try {
            return Enum.valueOf(type, value.trim());
        } catch (IllegalArgumentException e) {
            throw ApiException.invalidField(name, Problems.text("param.one-of", Arrays.toString(type.getEnumConstants())));
        }
    }

    public static String text(String name, String value, int maxLength) {
        if (value == null || value.isBlank()) {
            return null;
        }
        if (value.length() > maxLength) {
            throw ApiException.invalidField(name, Problems.text("param.max-length", maxLength));
        }
        if (value.indexOf('\u0000') >= 0) {
            throw ApiException.invalidField(name, Problems.text("param.nul"));
        }
        return value.trim();
    }
}
