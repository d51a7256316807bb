package app.citas.booking;

import app.citas.platform.ApiException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Base64;

/**
 * A position in the appointment list, which is ordered by (startsAt, id): the {@code after} query parameter of
 * {@code GET /appointments} and the cursor in its {@code next} link. On the wire it is opaque to clients: base64url
 * (no padding) of {@code <startsAt as ISO-8601 instant>|<id>}, e.g. {@code 2026-03-01T09:00:00Z|4711}.
 *
 * <p>It carries nothing secret (the time and id of an appointment the caller was shown) and needs no signature: a
 * forged cursor only moves where the list starts, and the list is still scoped to what the caller may see.
 * Decoding is strict: only the exact text {@link #encode()} produces is accepted, anything else is a 400 naming
 * the parameter.
 */
record AppointmentCursor(Instant startsAt, long id) {
    static final String PARAMETER = "after";
    /** Longer than any cursor this class writes (an instant with nanoseconds and a 19-digit id: ~70 characters). */
    static final int MAX_LENGTH = 128;
    private static final char SEPARATOR = '|';
    private static final Instant FIRST = LocalDate.of(1, 1, 1).atStartOfDay(ZoneOffset.UTC).toInstant();
    private static final Instant END = LocalDate.of(10000, 1, 1).atStartOfDay(ZoneOffset.UTC).toInstant();

    AppointmentCursor {
        if (startsAt == null || id < 1) {
            throw new IllegalArgumentException("a cursor needs a start and a positive id");
        }
    }

    /** The position of this appointment: the next page starts strictly after it. */
    static AppointmentCursor of(BookingViews.AppointmentView appointment) {
        return new AppointmentCursor(appointment.startsAt(), appointment.id());
    }

    String encode() {
        String text = DateTimeFormatter.ISO_INSTANT.format(startsAt) + SEPARATOR + id;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.US_ASCII));
    }

    /** The cursor the client sent, or null when it sent none; 400 naming {@code after} for anything malformed. */
    static AppointmentCursor decode(String value) {
        if (value == null) {
            return null;
        }
        if (value.isEmpty() || value.length() > MAX_LENGTH) {
            throw malformed();
        }
        String text;
        try {
            text = new String(Base64.getUrlDecoder().decode(value), StandardCharsets.US_ASCII);
        } catch (IllegalArgumentException e) {
            throw malformed();
        }
        int separator = text.indexOf(SEPARATOR);
        if (separator < 1 || separator != text.lastIndexOf(SEPARATOR)) {
            throw malformed();
        }
        AppointmentCursor cursor;
        try {
            Instant startsAt = DateTimeFormatter.ISO_INSTANT.parse(text.substring(0, separator), Instant::from);
            long id = Long.parseLong(text.substring(separator + 1));
            if (startsAt.isBefore(FIRST) || !startsAt.isBefore(END) || id < 1) {
                throw malformed();
            }
            cursor = new AppointmentCursor(startsAt, id);
        } catch (DateTimeParseException | NumberFormatException e) {
            throw malformed();
        }
        // One spelling per position: no padding, no "+0" ids, no other base64 alphabet, no non-ASCII bytes.
        if (!cursor.encode().equals(value)) {
            throw malformed();
        }
        return cursor;
    }

    private static ApiException malformed() {
        return ApiException.invalidField(PARAMETER, BookingMessages.of("cursor.malformed"));
    }

    @Override
    public String toString() {
        return encode();
    }
}
