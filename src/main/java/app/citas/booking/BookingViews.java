package app.citas.booking;

import app.citas.account.Customers;
import app.citas.catalog.Offerings;
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
        static ServiceSummary of(Offerings.ServiceSummary s) {
            return new ServiceSummary(s.id(), s.name(), s.durationMinutes(), s.price(), s.currency());
        }

        static ServiceSummary of(Offerings.BookableService s) {
            return new ServiceSummary(s.id(), s.name(), s.durationMinutes(), s.price(), s.currency());
        }
    }

    record ResourceSummary(long id, String name, ResourceKind kind) {
        static ResourceSummary of(Offerings.ResourceSummary r) {
            return new ResourceSummary(r.id(), r.name(), r.kind());
        }

        static ResourceSummary of(Offerings.BookableResource r) {
            return new ResourceSummary(r.id(), r.name(), r.kind());
        }
    }

    record CustomerSummary(long id, String username, String fullName) {
        static CustomerSummary of(Customers.CustomerSummary c) {
            return new CustomerSummary(c.id(), c.username(), c.fullName());
        }
    }

    record AppointmentView(long id, Instant startsAt, Instant endsAt, AppointmentStatus status, String notes,
                           String cancelReason, Instant createdAt, ServiceSummary service, ResourceSummary resource,
                           CustomerSummary customer) {
        static AppointmentView of(Appointment a, ServiceSummary service, ResourceSummary resource,
                                  CustomerSummary customer) {
            return new AppointmentView(a.getId(), a.getStartsAt(), a.getEndsAt(), a.getStatus(), a.getNotes(),
                    a.getCancelReason(), a.getCreatedAt(), service, resource, customer);
        }
    }

    record Slot(long resourceId, Instant startsAt, Instant endsAt) {
    }

    record Availability(long serviceId, LocalDate date, List<Slot> slots) {
    }
}
