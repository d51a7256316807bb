package app.citas.catalog;

import com.fasterxml.jackson.annotation.JsonFormat;
import jakarta.validation.constraints.NotNull;
import java.time.LocalTime;

/** A working period of one particular date (a date override): local start and end times of day. */
public record DayPeriod(
        @NotNull @JsonFormat(pattern = "HH:mm") LocalTime start,
        @NotNull @JsonFormat(pattern = "HH:mm") LocalTime end) {

    boolean isOrdered() {
        return start.isBefore(end);
    }

    boolean overlaps(DayPeriod other) {
        return start.isBefore(other.end) && other.start.isBefore(end);
    }
}
