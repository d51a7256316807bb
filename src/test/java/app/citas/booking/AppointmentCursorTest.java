package app.citas.booking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.citas.platform.ApiException;
import app.citas.platform.Problem.FieldError;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AppointmentCursorTest {
    private static String base64url(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static void assertMalformed(String value) {
        ApiException e = assertThrows(ApiException.class, () -> AppointmentCursor.decode(value), value);
        assertEquals(400, e.status());
        assertEquals("https://citas.app/problems/validation", e.problem().type());
        assertEquals(List.of(new FieldError("after",
                "is not a cursor of this list: use the next link of a previous page")), e.problem().errors());
    }

    @Test
    void roundTripsToTheSamePosition() {
        for (AppointmentCursor cursor : List.of(
                new AppointmentCursor(Instant.parse("2026-03-01T09:00:00Z"), 4711),
                new AppointmentCursor(Instant.parse("2026-03-01T09:00:00.123456Z"), 1),
                new AppointmentCursor(Instant.parse("0001-01-01T00:00:00Z"), Long.MAX_VALUE),
                new AppointmentCursor(Instant.parse("9999-12-31T23:59:59.999999999Z"), 9))) {
            String encoded = cursor.encode();
            assertTrue(encoded.matches("[A-Za-z0-9_-]+"), "URL-safe without escaping: " + encoded);
            assertTrue(encoded.length() <= AppointmentCursor.MAX_LENGTH, encoded);
            assertEquals(cursor, AppointmentCursor.decode(encoded));
        }
    }

    @Test
    void isBase64urlOfTheStartAndTheId() {
        AppointmentCursor cursor = new AppointmentCursor(Instant.parse("2026-03-01T09:00:00Z"), 4711);
        assertEquals(base64url("2026-03-01T09:00:00Z|4711"), cursor.encode());
    }

    @Test
    void absentIsNoCursor() {
        assertNull(AppointmentCursor.decode(null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "not a cursor", "%%%", "MjAyNi0wMy0wMVQwOTowMDowMFp8NDcxMQ==", // padded
            "MjAyNi0wMy0wMVQwOTowMDowMFp8NDcxMQ=", "MjAyNi0wMy0wMVQwOTowMDowMFp8NDcxM", // truncated
            "MjAyNi0wMy0wMVQwOTowMDowMFp8NDcxMQ+", "MjAyNi0wMy0wMVQwOTowMDowMFp8NDcx/Q"}) // other alphabet
    void rejectsWhatIsNotBase64urlOfACursor(String value) {
        assertMalformed(value);
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-03-01T09:00:00Z", "2026-03-01T09:00:00Z|", "|4711", "2026-03-01T09:00:00Z|47|11",
            "2026-03-01T09:00:00Z|0", "2026-03-01T09:00:00Z|-1", "2026-03-01T09:00:00Z|+4711",
            "2026-03-01T09:00:00Z|04711", "2026-03-01T09:00:00Z|99999999999999999999", "2026-03-01T09:00:00Z|4711 ",
            "2026-03-01T09:00Z|4711", "2026-03-01T10:00:00+01:00|4711", "2026-02-30T09:00:00Z|4711",
            "yesterday|4711", "+10000-01-01T00:00:00Z|4711", "-0001-12-31T00:00:00Z|4711",
            "2026-03-01T09:00:00.000Z|4711", "2026-03-01T09:00:00Z|4711\u00e9"})
    void rejectsMalformedOrNonCanonicalContent(String text) {
        assertMalformed(base64url(text));
    }

    @Test
    void rejectsOverlongValuesBeforeDecodingThem() {
        assertMalformed("A".repeat(AppointmentCursor.MAX_LENGTH + 1));
    }

    @Test
    void hidesNothingButAlsoEchoesNothing() {
        ApiException e = assertThrows(ApiException.class, () -> AppointmentCursor.decode(base64url("<script>|1")));
        assertTrue(!e.problem().toString().contains("script"), e.problem().toString());
    }
}
