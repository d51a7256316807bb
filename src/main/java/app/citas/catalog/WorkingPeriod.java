package app.citas.catalog;

import com.fasterxml.jackson.annotation.JsonFormat;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.LocalTime;

/** A weekly working period: ISO weekday (1 = Monday) and local start and end times of day. */
public record WorkingPeriod(
        @NotNull @Min(1) @Max(7) Integer weekday,
        @NotNull @JsonFormat(pattern = "HH:mm") LocalTime start,
        @NotNull @JsonFormat(pattern = "HH:mm") LocalTime end) {

    boolean isOrdered() {
        return start.isBefore(end);
    }

    boolean overlaps(WorkingPeriod other) {
        return weekday.equals(other.weekday) && start.isBefore(other.end) && other.start.isBefore(end);
    }
}
