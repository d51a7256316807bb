package app.citas.booking;

import app.citas.catalog.ResourceKind;
import com.fasterxml.jackson.annotation.JsonFormat;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** Request and response bodies of /appointments and availability. */
final class BookingViews {
    private BookingViews() {
    }

    record BookingRequest(@NotNull @Positive Long serviceId, @NotNull @Positive Long resourceId,
                          @NotNull Instant startsAt, @Size(max = 1000) String notes, @Positive Long customerId) {
    }

    record CancelRequest(@Size(max = 500) String reason) {
    }

    /** Absent fields stay as they are; an empty notes string clears the notes. */
    record AppointmentPatch(Instant startsAt, @Size(max = 1000) String notes, AppointmentStatus status) {
    }

    record ServiceSummary(long id, String name, int durationMinutes,
                          @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal price, String currency) {
    }

    record ResourceSummary(long id, String name, ResourceKind kind) {
    }

    record CustomerSummary(long id, String username, String fullName) {
    }

    record AppointmentView(long id, Instant startsAt, Instant endsAt, AppointmentStatus status, String notes,
                           String cancelReason, Instant createdAt, ServiceSummary service, ResourceSummary resource,
                           CustomerSummary customer) {
        static AppointmentView of(Appointment a) {
            var s = a.getService();
            var r = a.getResource();
            var c = a.getCustomer();
            return new AppointmentView(a.getId(), a.getStartsAt(), a.getEndsAt(), a.getStatus(), a.getNotes(),
                    a.getCancelReason(), a.getCreatedAt(),
                    new ServiceSummary(s.getId(), s.getName(), s.getDurationMinutes(), s.getPrice(), s.getCurrency()),
                    new ResourceSummary(r.getId(), r.getName(), r.getKind()),
                    new CustomerSummary(c.getId(), c.getUsername(), c.getFullName()));
        }
    }

    record Slot(long resourceId, Instant startsAt, Instant endsAt) {
    }

    record Availability(long serviceId, LocalDate date, List<Slot> slots) {
    }
}
