package app.citas.booking;

import app.citas.account.Customers;
import app.citas.booking.BookingViews.AppointmentView;
import app.citas.booking.BookingViews.CustomerSummary;
import app.citas.booking.BookingViews.ResourceSummary;
import app.citas.booking.BookingViews.ServiceSummary;
import app.citas.catalog.Offerings;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ToLongFunction;
import java.util.stream.Collectors;

/**
 * Appointments as the API shows them, with the summaries of their service, resource and customer asked of the
 * features that own them: one statement per kind. Used for an appointment just cancelled or changed; a page of the
 * list and a detail read their summaries in their own statement ({@link BookingDao#list}, {@link BookingDao#shown}).
 */
final class AppointmentParts {
    private final Offerings catalog;
    private final Customers customers;

    AppointmentParts(Offerings catalog, Customers customers) {
        this.catalog = catalog;
        this.customers = customers;
    }

    AppointmentView view(Appointment appointment) {
        return views(List.of(appointment)).get(0);
    }

    List<AppointmentView> views(List<Appointment> appointments) {
        if (appointments.isEmpty()) {
            return List.of();
        }
        Map<Long, Offerings.ServiceSummary> services = catalog.serviceSummaries(ids(appointments, Appointment::getServiceId));
        Map<Long, Offerings.ResourceSummary> resources =
                catalog.resourceSummaries(ids(appointments, Appointment::getResourceId));
        Map<Long, Customers.CustomerSummary> people = customers.summaries(ids(appointments, Appointment::getCustomerId));
        return appointments.stream().map(a -> AppointmentView.of(a,
                ServiceSummary.of(found(services, a.getServiceId(), "service")),
                ResourceSummary.of(found(resources, a.getResourceId(), "resource")),
                CustomerSummary.of(found(people, a.getCustomerId(), "customer")))).toList();
    }

    private static Set<Long> ids(List<Appointment> appointments, ToLongFunction<Appointment> id) {
        return appointments.stream().map(a -> id.applyAsLong(a)).collect(Collectors.toSet());
    }

    /** The foreign keys make a missing part impossible; if one is missing anyway, that is our bug, not the client's. */
    private static <T> T found(Map<Long, T> parts, long id, String what) {
        T part = parts.get(id);
        if (part == null) {
            throw new IllegalStateException("No " + what + " " + id + " for an appointment");
        }
        return part;
    }
}
