package app.citas.booking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.time.Instant;
import java.util.List;
import net.fortuna.ical4j.data.CalendarBuilder;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.Property;
import net.fortuna.ical4j.model.component.VEvent;
import org.junit.jupiter.api.Test;

/** The feed and single-event iCalendar, parsed back and validated by ical4j itself. */
class CalendarRenderingTest {
    private static final String HOST = "citas.example.com";
    private static final CalendarRendering.Event BOOKED = new CalendarRendering.Event(12,
            Instant.parse("2030-01-15T09:00:00Z"), Instant.parse("2030-01-15T09:30:00Z"), AppointmentStatus.CONFIRMED,
            "Haircut", "Lucía", null, Instant.parse("2029-12-01T08:15:30Z"), 0);
    private static final CalendarRendering.Event CANCELLED = new CalendarRendering.Event(13,
            Instant.parse("2030-01-16T17:45:00Z"), Instant.parse("2030-01-16T18:45:00Z"), AppointmentStatus.CANCELLED,
            "Colour, cut; and \"style\"", "Ana", "María López", Instant.parse("2029-12-02T10:00:00Z"), 2);

    private static Calendar parse(String text) throws Exception {
        Calendar calendar = new CalendarBuilder().build(new StringReader(text));
        assertFalse(calendar.validate().hasErrors(), () -> "invalid: " + text);
        return calendar;
    }

    private static String value(VEvent event, String property) {
        return event.getProperty(property).map(Property::getValue).orElseThrow(() -> new AssertionError(property));
    }

    @Test
    void aFeedParsesBackValidWithOneEventPerAppointmentInUtc() throws Exception {
        String text = CalendarRendering.feed("Citas: Lucía", HOST, List.of(BOOKED, CANCELLED));
        assertTrue(text.startsWith("BEGIN:VCALENDAR\r\n"), text);
        assertTrue(text.contains("\r\nVERSION:2.0\r\n") && text.contains("\r\nPRODID:"), text);
        Calendar calendar = parse(text);
        List<VEvent> events = calendar.getComponents("VEVENT");
        assertEquals(2, events.size());
        VEvent booked = events.get(0);
        assertEquals("appointment-12@" + HOST, value(booked, "UID"));
        assertEquals("20300115T090000Z", value(booked, "DTSTART"), "UTC, with Z");
        assertEquals("20300115T093000Z", value(booked, "DTEND"));
        assertEquals("20291201T081530Z", value(booked, "DTSTAMP"));
        assertEquals("CONFIRMED", value(booked, "STATUS"));
        assertEquals("0", value(booked, "SEQUENCE"));
        assertEquals("Haircut · Lucía", value(booked, "SUMMARY"), "the service and the resource");
        assertTrue(booked.getProperty("DTSTART").orElseThrow().getParameters().isEmpty(), "no TZID");
        VEvent cancelled = events.get(1);
        assertEquals("CANCELLED", value(cancelled, "STATUS"));
        assertEquals("2", value(cancelled, "SEQUENCE"));
        assertEquals("Colour, cut; and \"style\" · Ana", value(cancelled, "SUMMARY"), "text escaped and read back");
        assertTrue(value(cancelled, "DESCRIPTION").contains("Customer: María López"));
        assertFalse(value(booked, "DESCRIPTION").contains("Customer"), "a customer's own feed does not name them");
        assertTrue(calendar.getComponents("VTIMEZONE").isEmpty());
        assertEquals("Citas: Lucía", calendar.getProperty("X-WR-CALNAME").orElseThrow().getValue());
        assertEquals("PT1H", calendar.getProperty("REFRESH-INTERVAL").orElseThrow().getValue());
    }

    @Test
    void theUidOfAnAppointmentIsTheSameInEveryFeedAndDownloadWhateverChanged() throws Exception {
        CalendarRendering.Event moved = new CalendarRendering.Event(12, Instant.parse("2030-01-15T11:00:00Z"),
                Instant.parse("2030-01-15T11:30:00Z"), AppointmentStatus.CANCELLED, "Haircut", "Lucía", null,
                BOOKED.createdAt(), 3);
        String first = value(parse(CalendarRendering.feed("a", HOST, List.of(BOOKED))).<VEvent>getComponents("VEVENT")
                .get(0), "UID");
        String later = value(parse(CalendarRendering.feed("b", HOST, List.of(CANCELLED, moved)))
                .<VEvent>getComponents("VEVENT").get(1), "UID");
        String single = value(parse(CalendarRendering.single(moved, HOST)).<VEvent>getComponents("VEVENT").get(0), "UID");
        assertEquals(first, later);
        assertEquals(first, single);
        assertEquals(CalendarRendering.feed("x", HOST, List.of(BOOKED, CANCELLED)),
                CalendarRendering.feed("x", HOST, List.of(BOOKED, CANCELLED)), "the same rows give the same bytes (ETag)");
    }

    /**
     * RFC 5545 wants at least one component in a VCALENDAR; a feed with nothing to show is still sent as an empty
     * calendar (as the big calendar providers publish one), which every client reads as "no events". That rule is
     * the only one it breaks.
     */
    @Test
    void anEmptyFeedBreaksOnlyTheAtLeastOneComponentRule() throws Exception {
        String text = CalendarRendering.feed("Citas", HOST, List.of());
        Calendar calendar = new CalendarBuilder().build(new StringReader(text));
        assertTrue(calendar.getComponents().isEmpty());
        assertEquals(List.of("Calendar must contain at least one component"), calendar.validate().getEntries().stream()
                .map(entry -> entry.getMessage()).toList());
    }

    @Test
    void oneAppointmentIsOneEvent() throws Exception {
        Calendar calendar = parse(CalendarRendering.single(CANCELLED, HOST));
        assertEquals(1, calendar.getComponents().size());
        assertEquals("CANCELLED", value(calendar.<VEvent>getComponents("VEVENT").get(0), "STATUS"));
    }
}
