package app.citas.booking;

import app.citas.account.Customers;
import app.citas.catalog.Offerings;
import app.citas.catalog.ResourceKind;
import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;
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
        static ServiceSummary of(Offerings.BookableService s) {
            return new ServiceSummary(s.id(), s.name(), s.durationMinutes(), s.price(), s.currency());
        }
    }

    record ResourceSummary(long id, String name, ResourceKind kind) {
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

    /**
     * A page of {@code GET /appointments}. An offset page ({@code page}/{@code size}) has {@code page}, {@code total}
     * and {@code totalExact}; a keyset page ({@code after}) is never counted and has none of the three. {@code next}
     * is the URL of the following page, or null at the end of the list.
     */
    record AppointmentPage(
            List<AppointmentView> items,
            @Schema(description = "1-based page number; absent on a keyset page (after)", nullable = true)
            @JsonInclude(JsonInclude.Include.NON_NULL) Integer page,
            int size,
            @Schema(description = "Matching appointments when totalExact is true; otherwise a lower bound (at least "
                    + "this many match: counting stops at CITAS_APPOINTMENTS_COUNT_LIMIT, 1000 by default). "
                    + "Absent on a keyset page (after)", nullable = true)
            @JsonInclude(JsonInclude.Include.NON_NULL) Long total,
            @Schema(description = "Whether total is the exact count (true) or a lower bound (false); absent on a "
                    + "keyset page (after)", nullable = true)
            @JsonInclude(JsonInclude.Include.NON_NULL) Boolean totalExact,
            @Schema(description = "URL of the next page (keyset: the same filters and size, after the last item of "
                    + "this page), also sent as Link: <…>; rel=\"next\"; null when this page is the last",
                    nullable = true)
            String next) {
    }

    record Slot(long resourceId, Instant startsAt, Instant endsAt) {
    }

    /**
     * Free slots of a service: of one date ({@code date}), or of the dates {@code from} to {@code to} (inclusive),
     * sorted by startsAt then resourceId either way.
     */
    record Availability(
            long serviceId,
            @Schema(description = "The date asked (the one-day form, ?date=); absent for a range", nullable = true)
            @JsonInclude(JsonInclude.Include.NON_NULL) LocalDate date,
            @Schema(description = "First date of a range (?from=&to=); absent for one date", nullable = true)
            @JsonInclude(JsonInclude.Include.NON_NULL) LocalDate from,
            @Schema(description = "Last date of a range, inclusive; absent for one date", nullable = true)
            @JsonInclude(JsonInclude.Include.NON_NULL) LocalDate to,
            List<Slot> slots) {
        static Availability on(long serviceId, LocalDate date, List<Slot> slots) {
            return new Availability(serviceId, date, null, null, slots);
        }

        static Availability between(long serviceId, LocalDate from, LocalDate to, List<Slot> slots) {
            return new Availability(serviceId, null, from, to, slots);
        }
    }
}
