package app.citas.booking;

import app.citas.account.Customers;
import app.citas.catalog.Offerings;
import app.citas.platform.ApiException;
import app.citas.platform.ConstraintTranslations;
import app.citas.platform.Managed;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.util.List;
import org.hibernate.SessionFactory;

/** Builds the booking feature: appointments, availability and idempotent booking. */
public final class BookingModule {

    private final BookingService service;
    private final IdempotentBookings idempotent;
    private final IdempotencyKeyPurge purge;

    /**
     * @param catalog   what the catalog publishes about services and resources
     * @param customers what the account feature publishes about its users
     */
    public BookingModule(SessionFactory sessionFactory, ObjectMapper json, Clock clock, BookingSettings settings,
                         Offerings catalog, Customers customers) {
        BookingDao dao = new BookingDao(sessionFactory);
        this.service = new BookingService(dao, catalog, customers, clock, settings.maxUpcomingPerCustomer(),
                settings.appointmentsCountLimit());
        this.idempotent = new IdempotentBookings(dao, json);
        this.purge = new IdempotencyKeyPurge(sessionFactory, clock, settings.idempotencyKeyTtl());
    }

    /**
     * What a violation of booking's exclusion constraints (two bookings racing for one time), or of its guard against
     * time off (a booking racing a new time off), means to the client.
     */
    public static void translateConstraints(ConstraintTranslations constraints) {
        constraints.register("appointments_resource_no_overlap",
                        ApiException.conflict(BookingMessages.of("slot.taken")))
                .register("appointments_customer_no_overlap",
                        ApiException.conflict(BookingMessages.of("customer.overlap")))
                // Not an overlap of two bookings but of a booking with time off: the time is not bookable (422).
                .register("appointments_outside_time_off",
                        ApiException.unprocessable("startsAt", BookingMessages.of("starts-at.time-off")));
    }

    public List<Object> components() {
        return List.of(new AppointmentsEndpoint(service, idempotent), new AvailabilityEndpoint(service));
    }

    /** The hourly purge of old Idempotency-Keys, for the lifecycle to start and stop. */
    public Managed purge() {
        return purge;
    }
}
