package app.citas.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import java.time.LocalTime;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class WorkingPeriodTest {
    private static ValidatorFactory factory;
    private static Validator validator;

    @BeforeAll
    static void validator() {
        factory = Validation.buildDefaultValidatorFactory();
        validator = factory.getValidator();
    }

    @AfterAll
    static void close() {
        factory.close();
    }

    private static WorkingPeriod period(Integer weekday, String start, String end) {
        return new WorkingPeriod(weekday, start == null ? null : LocalTime.parse(start),
                end == null ? null : LocalTime.parse(end));
    }

    private static Set<String> violations(WorkingPeriod period) {
        return validator.validate(period).stream()
                .map(v -> v.getPropertyPath() + " " + v.getMessage())
                .collect(Collectors.toSet());
    }

    @Test
    void ordered() {
        assertTrue(period(1, "09:00", "13:00").isOrdered());
        assertTrue(period(1, "00:00", "23:59").isOrdered());
        assertTrue(period(1, "09:00", "09:01").isOrdered());
        assertFalse(period(1, "13:00", "09:00").isOrdered());
        assertFalse(period(1, "09:00", "09:00").isOrdered());
    }

    @Test
    void validPeriodHasNoViolations() {
        assertEquals(Set.of(), violations(period(7, "09:00", "13:00")));
    }

    @Test
    void weekdayIsIso1To7AndFieldsAreRequired() {
        assertEquals(1, violations(period(0, "09:00", "13:00")).size());
        assertEquals(1, violations(period(8, "09:00", "13:00")).size());
        assertTrue(violations(period(0, "09:00", "13:00")).iterator().next().startsWith("weekday "));
        assertEquals(3, violations(period(null, null, null)).size());
    }

    @Test
    void overlappingPeriodsOnTheSameDay() {
        WorkingPeriod morning = period(1, "09:00", "13:00");

        assertTrue(morning.overlaps(period(1, "12:00", "14:00")));
        assertTrue(morning.overlaps(period(1, "08:00", "09:01")));
        assertTrue(morning.overlaps(period(1, "10:00", "11:00")));
        assertTrue(morning.overlaps(period(1, "08:00", "14:00")));
        assertTrue(morning.overlaps(period(1, "09:00", "13:00")));
    }

    @Test
    void touchingOrSeparatePeriodsDoNotOverlap() {
        WorkingPeriod morning = period(1, "09:00", "13:00");

        assertFalse(morning.overlaps(period(1, "13:00", "17:00")));
        assertFalse(morning.overlaps(period(1, "07:00", "09:00")));
        assertFalse(morning.overlaps(period(1, "14:00", "18:00")));
    }

    @Test
    void otherWeekdaysNeverOverlap() {
        assertFalse(period(1, "09:00", "13:00").overlaps(period(2, "09:00", "13:00")));
        // Integer weekdays compare by value, not identity, even beyond the small-Integer cache.
        assertTrue(new WorkingPeriod(Integer.valueOf(7), LocalTime.of(9, 0), LocalTime.of(10, 0))
                .overlaps(new WorkingPeriod(Integer.valueOf(7), LocalTime.of(9, 30), LocalTime.of(11, 0))));
    }

    @Test
    void overlapIsSymmetric() {
        WorkingPeriod[] periods = {period(1, "09:00", "13:00"), period(1, "12:00", "14:00"), period(1, "13:00", "15:00"),
                period(2, "09:00", "13:00"), period(1, "10:00", "11:00")};
        for (WorkingPeriod a : periods) {
            for (WorkingPeriod b : periods) {
                assertEquals(a.overlaps(b), b.overlaps(a), a + " vs " + b);
            }
        }
    }
}
