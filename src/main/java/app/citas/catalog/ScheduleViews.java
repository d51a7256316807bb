package app.citas.catalog;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** Request and response bodies of a resource's time off and date overrides. */
final class ScheduleViews {
    private ScheduleViews() {
    }
}

record TimeOffInput(@NotNull Instant startsAt, @NotNull Instant endsAt, @Size(max = 500) String reason) {
}

@Schema(description = "A resource's time off: no slot is offered and nothing can be booked from startsAt (inclusive) "
        + "to endsAt (exclusive)")
record TimeOffView(
        long id, long resourceId, Instant startsAt, Instant endsAt,
        @Schema(nullable = true) String reason,
        @Schema(description = "Only in the answer to POST: ids of the resource's confirmed appointments that overlap "
                + "this time off, sorted by startsAt. They are not cancelled: staff move or cancel them",
                nullable = true)
        @JsonInclude(JsonInclude.Include.NON_NULL) List<Long> affectedAppointments) {
}

record TimeOffList(long resourceId, Instant from, Instant to,
                   @Schema(description = "Time off overlapping [from, to), sorted by startsAt then id") List<TimeOffView> items) {
}

record DateOverrideInput(
        @Schema(description = "The periods of that date, replacing its weekly hours; an empty list closes the day")
        @NotNull @Size(max = 48) List<@NotNull @Valid DayPeriod> periods) {
}

record DateOverrideView(long resourceId, LocalDate date, List<DayPeriod> periods) {
}

record DateOverrideList(long resourceId, LocalDate from, LocalDate to,
                        @Schema(description = "Overrides of the dates from to to (inclusive), sorted by date")
                        List<DateOverrideView> items) {
}
