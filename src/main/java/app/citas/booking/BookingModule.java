package app.citas.booking;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.hibernate.SessionFactory;

/** Builds the booking feature: appointments, availability and idempotent booking. */
public final class BookingModule implements AutoCloseable {
    public static final List<Class<?>> ENTITIES = List.of(Appointment.class);

    private final BookingService service;
    private final IdempotencyKeyPurge purge;

    public BookingModule(SessionFactory sessionFactory, ObjectMapper json, Clock clock, int maxUpcomingPerCustomer,
                         Duration idempotencyKeyTtl) {
        this.service = new BookingService(new BookingDao(sessionFactory), json, clock, maxUpcomingPerCustomer);
        this.purge = new IdempotencyKeyPurge(sessionFactory, clock, idempotencyKeyTtl);
        purge.start();
    }

    public List<Object> components() {
        return List.of(new AppointmentsEndpoint(service), new AvailabilityEndpoint(service));
    }

    /** Stops the background purge of old Idempotency-Keys. */
    @Override
    public void close() {
        purge.close();
    }
}
