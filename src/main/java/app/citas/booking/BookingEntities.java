package app.citas.booking;

import java.util.List;

/**
 * The booking feature's Hibernate entities (appointments). Apart from BookingModule so that code outside Tomcat (the
 * operator commands, which have no servlet API) can open the database without loading the module.
 */
public final class BookingEntities {
    public static final List<Class<?>> ALL = List.of(Appointment.class);

    private BookingEntities() {
    }
}
