package app.citas.booking;

import app.citas.platform.Managed;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.hibernate.SessionFactory;

/** Builds the booking feature: appointments, availability and idempotent booking. */
public final class BookingModule {
    public static final List<Class<?>> ENTITIES = List.of(Appointment.class);

    private final BookingService service;
    private final IdempotencyKeyPurge purge;

    public BookingModule(SessionFactory sessionFactory, ObjectMapper json, Clock clock, int maxUpcomingPerCustomer,
                         Duration idempotencyKeyTtl) {
        this.service = new BookingService(new BookingDao(sessionFactory), json, clock, maxUpcomingPerCustomer);
        this.purge = new IdempotencyKeyPurge(sessionFactory, clock, idempotencyKeyTtl);
    }

    public List<Object> components() {
        return List.of(new AppointmentsEndpoint(service), new AvailabilityEndpoint(service));
    }

    /** The hourly purge of old Idempotency-Keys, for the lifecycle to start and stop. */
    public Managed purge() {
        return purge;
    }
}
