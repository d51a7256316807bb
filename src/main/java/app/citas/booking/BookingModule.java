package app.citas.booking;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.util.List;
import org.hibernate.SessionFactory;

/** Builds the booking feature: appointments, availability and idempotent booking. */
public final class BookingModule {
    public static final List<Class<?>> ENTITIES = List.of(Appointment.class);

    private final BookingService service;

    public BookingModule(SessionFactory sessionFactory, ObjectMapper json, Clock clock, int maxUpcomingPerCustomer) {
        this.service = new BookingService(new BookingDao(sessionFactory), json, clock, maxUpcomingPerCustomer);
    }

    public List<Object> components() {
        return List.of(new AppointmentsEndpoint(service), new AvailabilityEndpoint(service));
    }
}
