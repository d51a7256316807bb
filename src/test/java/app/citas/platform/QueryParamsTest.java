package app.citas.platform;

import static app.citas.platform.PageRequestTest.assertInvalidField;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class QueryParamsTest {
    @Nested
    class Integers {
        @Test
        void absentIsTheFallback() {
            assertEquals(42, QueryParams.integer("n", null, 42));
        }

        @Test
        void valid() {
            assertEquals(7, QueryParams.integer("n", "7", 0));
            assertEquals(-7, QueryParams.integer("n", " -7 ", 0));
            assertEquals(Integer.MAX_VALUE, QueryParams.integer("n", "2147483647", 0));
        }

        @ParameterizedTest
        @ValueSource(strings = {"", " ", "seven", "7.0", "2147483648", "1_000"})
        void invalid(String value) {
            assertInvalidField("limit", "must be a whole number", () -> QueryParams.integer("limit", value, 1));
        }
    }

    @Nested
    class Ids {
        @Test
        void absentIsNull() {
            assertNull(QueryParams.id("serviceId", null));
        }

        @Test
        void valid() {
            assertEquals(1L, QueryParams.id("serviceId", "1"));
            assertEquals(Long.MAX_VALUE, QueryParams.id("serviceId", " 9223372036854775807 "));
        }

        @ParameterizedTest
        @ValueSource(strings = {"0", "-1", "", "abc", "1.5", "9223372036854775808"})
        void invalid(String value) {
            assertInvalidField("serviceId", "must be a positive id", () -> QueryParams.id("serviceId", value));
        }
    }

    @Nested
    class Booleans {
        @Test
        void absentIsTheFallback() {
            assertTrue(QueryParams.bool("active", null, true));
            assertFalse(QueryParams.bool("active", null, false));
        }

        @ParameterizedTest
        @ValueSource(strings = {"true", "TRUE", " True "})
        void trueValues(String value) {
            assertTrue(QueryParams.bool("active", value, false));
        }

        @ParameterizedTest
        @ValueSource(strings = {"false", "FALSE", "False"})
        void falseValues(String value) {
            assertFalse(QueryParams.bool("active", value, true));
        }

        @ParameterizedTest
        @ValueSource(strings = {"", "yes", "1", "0", "t", "on"})
        void invalid(String value) {
            assertInvalidField("active", "must be true or false", () -> QueryParams.bool("active", value, true));
        }
    }

    @Nested
    class Instants {
        private static final String MESSAGE = "must be an ISO-8601 instant with offset, e.g. 2026-12-01T09:00:00Z";

        @Test
        void absentIsNull() {
            assertNull(QueryParams.instant("from", null));
        }

        @Test
        void utcAndOffsets() {
            Instant expected = Instant.parse("2026-12-01T09:00:00Z");
            assertEquals(expected, QueryParams.instant("from", "2026-12-01T09:00:00Z"));
            assertEquals(expected, QueryParams.instant("from", " 2026-12-01T10:00:00+01:00 "));
            assertEquals(expected, QueryParams.instant("from", "2026-12-01T04:00:00-05:00"));
            assertEquals(Instant.parse("2026-12-01T09:00:00.250Z"), QueryParams.instant("from", "2026-12-01T09:00:00.25Z"));
        }

        @ParameterizedTest
        @ValueSource(strings = {"", "2026-12-01", "2026-12-01T09:00:00", "2026-12-01 09:00:00Z", "1764579600",
                "2026-13-01T09:00:00Z", "tomorrow"})
        void invalid(String value) {
            assertInvalidField("to", MESSAGE, () -> QueryParams.instant("to", value));
        }

        @ParameterizedTest
        @ValueSource(strings = {"+10000-01-01T00:00:00Z", "+294277-01-01T00:00:00Z", "-0001-12-31T23:59:59Z",
                "-999999999-01-01T00:00:00Z", "+1000000000-12-31T23:59:59.999999999Z"})
        void outsideYears1To9999(String value) {
            assertInvalidField("to", "must lie in the years 0001 to 9999", () -> QueryParams.instant("to", value));
        }
    }

    @Nested
    class Dates {
        @Test
        void valid() {
            assertEquals(LocalDate.of(2026, 3, 29), QueryParams.date("date", "2026-03-29"));
            assertEquals(LocalDate.of(2028, 2, 29), QueryParams.date("date", " 2028-02-29 "));
        }

        @Test
        void requiredWhenAbsent() {
            assertInvalidField("date", "is required (YYYY-MM-DD)", () -> QueryParams.date("date", null));
        }

        @ParameterizedTest
        @ValueSource(strings = {"", "2026-02-29", "2026-02-30", "2026-3-29", "29/03/2026", "2026-03-29T00:00:00Z"})
        void invalid(String value) {
            assertInvalidField("date", "must be a date YYYY-MM-DD", () -> QueryParams.date("date", value));
        }

        @ParameterizedTest
        @ValueSource(strings = {"+10000-01-01", "0000-12-31", "-4714-11-24", "+999999999-12-31", "-999999999-01-01"})
        void outsideYears1To9999(String value) {
            // The availability of +999999999-12-31 would need the day after it: a DateTimeException, a 500.
            assertInvalidField("date", "must lie in the years 0001 to 9999", () -> QueryParams.date("date", value));
        }

        @Test
        void theFirstAndLastDaysOfYears1To9999() {
            assertEquals(LocalDate.of(1, 1, 1), QueryParams.date("date", "0001-01-01"));
            assertEquals(LocalDate.of(9999, 12, 31), QueryParams.date("date", "9999-12-31"));
        }
    }

    @Nested
    class Enums {
        @Test
        void valid() {
            assertNull(QueryParams.enumValue("day", null, DayOfWeek.class));
            assertEquals(DayOfWeek.MONDAY, QueryParams.enumValue("day", "MONDAY", DayOfWeek.class));
            assertEquals(DayOfWeek.FRIDAY, QueryParams.enumValue("day", " FRIDAY ", DayOfWeek.class));
        }

        @ParameterizedTest
        @ValueSource(strings = {"monday", "Mon", "", "1"})
        void invalidListsTheChoices(String value) {
            assertInvalidField("day",
                    "must be one of [MONDAY, TUESDAY, WEDNESDAY, THURSDAY, FRIDAY, SATURDAY, SUNDAY]",
                    () -> QueryParams.enumValue("day", value, DayOfWeek.class));
        }
    }

    @Nested
    class Texts {
        @Test
        void absentOrBlankIsNull() {
            assertNull(QueryParams.text("q", null, 10));
            assertNull(QueryParams.text("q", "", 10));
            assertNull(QueryParams.text("q", "   ", 10));
        }

        @Test
        void trimmed() {
            assertEquals("corte de pelo", QueryParams.text("q", " corte de pelo ", 20));
        }

        @Test
        void atMostMaxLength() {
            assertEquals("a".repeat(200), QueryParams.text("q", "a".repeat(200), 200));
            assertInvalidField("q", "must be at most 200 characters", () -> QueryParams.text("q", "a".repeat(201), 200));
        }

        @Test
        void noNulCharacters() {
            // PostgreSQL text cannot hold U+0000: the LIKE query failed with a 500.
            assertInvalidField("q", "must not contain NUL characters", () -> QueryParams.text("q", "a\u0000b", 200));
        }
    }
}
