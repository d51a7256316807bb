package app.citas.booking;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import net.fortuna.ical4j.data.CalendarOutputter;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.ParameterList;
import net.fortuna.ical4j.model.Property;
import net.fortuna.ical4j.model.component.CalendarComponent;
import net.fortuna.ical4j.model.component.VEvent;
import net.fortuna.ical4j.model.parameter.Value;
import net.fortuna.ical4j.model.property.Description;
import net.fortuna.ical4j.model.property.DtEnd;
import net.fortuna.ical4j.model.property.DtStamp;
import net.fortuna.ical4j.model.property.DtStart;
import net.fortuna.ical4j.model.property.immutable.ImmutableCalScale;
import net.fortuna.ical4j.model.property.immutable.ImmutableStatus;
import net.fortuna.ical4j.model.property.immutable.ImmutableVersion;
import net.fortuna.ical4j.model.property.Name;
import net.fortuna.ical4j.model.property.ProdId;
import net.fortuna.ical4j.model.property.RefreshInterval;
import net.fortuna.ical4j.model.property.Sequence;
import net.fortuna.ical4j.model.property.Summary;
import net.fortuna.ical4j.model.property.Uid;
import net.fortuna.ical4j.model.property.XProperty;
import net.fortuna.ical4j.validate.ValidationException;

/**
 * Appointments as an RFC 5545 iCalendar, written by ical4j and validated by it while written (an invalid calendar is
 * a bug, never sent). Times are UTC ({@code DTSTART:20300115T090000Z}), so no VTIMEZONE is needed and every client
 * shows them in its own zone. Each appointment is one VEVENT whose UID never changes ({@code appointment-<id>@<host>}),
 * with {@code SEQUENCE} its row version (bumped by every reschedule, cancellation or status change), so a calendar
 * app updates the event it has instead of adding another; a cancelled appointment stays in the feed with
 * {@code STATUS:CANCELLED}, which is how a subscribed calendar learns to drop it.
 */
final class CalendarRendering {
    static final String MEDIA_TYPE = "text/calendar";
    static final String CONTENT_TYPE = MEDIA_TYPE + "; charset=utf-8";
    /** How often a subscribed calendar is asked to look again (RFC 7986 REFRESH-INTERVAL; X-PUBLISHED-TTL for Outlook). */
    static final Duration REFRESH = Duration.ofHours(1);
    private static final String PRODUCT = "-//Citas//Citas booking API 1.0//EN";

    /**
     * One appointment as a feed shows it.
     *
     * @param version  the appointment's row version, its SEQUENCE
     * @param customer the customer's name, shown on a resource's feed (staff), null on a customer's own
     */
    record Event(long id, Instant startsAt, Instant endsAt, AppointmentStatus status, String serviceName,
                 String resourceName, String customer, Instant createdAt, int version) {
    }

    private CalendarRendering() {
    }

    /** A whole feed: the calendar's name and its events, in the order given. */
    static String feed(String calendarName, String host, List<Event> events) {
        Calendar calendar = calendar();
        calendar.add(new Name(calendarName));
        calendar.add(new XProperty("X-WR-CALNAME", calendarName));
        calendar.add(new RefreshInterval(new ParameterList(List.of(Value.DURATION)), REFRESH));
        calendar.add(new XProperty("X-PUBLISHED-TTL", REFRESH.toString()));
        events.forEach(event -> calendar.add((CalendarComponent) event(event, host)));
        return write(calendar);
    }

    /** One appointment, as {@code GET /appointments/{id}} answers {@code Accept: text/calendar}. */
    static String single(Event event, String host) {
        Calendar calendar = calendar();
        calendar.add((CalendarComponent) event(event, host));
        return write(calendar);
    }

    /** The UID of an appointment's event: the same in every feed and download, for as long as the appointment lives. */
    static String uid(long appointmentId, String host) {
        return "appointment-" + appointmentId + "@" + host;
    }

    private static Calendar calendar() {
        Calendar calendar = new Calendar();
        calendar.add(new ProdId(PRODUCT));
        calendar.add(ImmutableVersion.VERSION_2_0);
        calendar.add(ImmutableCalScale.GREGORIAN);
        return calendar;
    }

    private static VEvent event(Event event, String host) {
        VEvent vevent = new VEvent(false);
        vevent.add(new Uid(uid(event.id(), host)));
        // No METHOD: DTSTAMP is when the event was last revised in the store; the row keeps its creation only, and
        // SEQUENCE says which revision this is.
        vevent.add(new DtStamp(event.createdAt()));
        vevent.add(new DtStart<>(event.startsAt()));
        vevent.add(new DtEnd<>(event.endsAt()));
        vevent.add(new Sequence(event.version()));
        vevent.add(new Summary(event.serviceName() + " · " + event.resourceName()));
        StringBuilder description = new StringBuilder()
                .append("Service: ").append(event.serviceName()).append('\n')
                .append("With: ").append(event.resourceName()).append('\n');
        if (event.customer() != null) {
            description.append("Customer: ").append(event.customer()).append('\n');
        }
        description.append("Status: ").append(event.status()).append('\n')
                .append("Appointment ").append(event.id());
        vevent.add(new Description(description.toString()));
        // Completed and no-show appointments happened (or were due) as booked: confirmed events in the past.
        Property status = event.status() == AppointmentStatus.CANCELLED ? ImmutableStatus.VEVENT_CANCELLED
                : ImmutableStatus.VEVENT_CONFIRMED;
        vevent.add(status);
        return vevent;
    }

    private static String write(Calendar calendar) {
        StringWriter text = new StringWriter();
        try {
            new CalendarOutputter(true).output(calendar, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ValidationException e) {
            throw new IllegalStateException("An invalid iCalendar was rendered: " + e.getMessage(), e);
        }
        return text.toString();
    }
}
