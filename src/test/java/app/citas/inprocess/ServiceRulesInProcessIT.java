package app.citas.inprocess;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.citas.dev.Reply;
import app.citas.testing.Api;
import app.citas.testing.CitasExtension;
import app.citas.testing.Fixtures;
import app.citas.testing.Fixtures.Bookable;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A service's booking rules through the in-process API: as service fields, on availability, on bookings, moves and
 * cancellations, and the buffers in the database's exclusion constraint under concurrent bookings.
 */
class ServiceRulesInProcessIT {
    @RegisterExtension
    static final CitasExtension CITAS = new CitasExtension();
    private static Api staff;
    private static Fixtures catalog;

    @BeforeAll
    static void staff() {
        staff = CITAS.staff();
        catalog = new Fixtures(staff);
    }

    /** A resource working every day 09-13 and 14-18 in Madrid and a 30-minute service with these rules. */
    private static Bookable bookable(Map<String, Object> rules) {
        long resource = catalog.resource(Fixtures.unique("Chair"), "STAFF");
        Map<String, Object> body = Fixtures.serviceBody(Fixtures.unique("Cut"), 30, "25.00", null, List.of(resource));
        body.putAll(rules);
        Reply created = staff.post("/services", body);
        assertEquals(201, created.status(), created.body());
        return new Bookable(created.json().get("id").asLong(), resource);
    }

    private static long appointments(Bookable bookable) {
        return CITAS.number("select count(*) from appointments where resource_id = ? and status <> 'CANCELLED'",
                bookable.resourceId());
    }

    private static List<String> slots(Bookable bookable, int daysAhead) {
        LocalDate date = LocalDate.now(Fixtures.MADRID).plusDays(daysAhead);
        Reply reply = CITAS.api().get("/services/" + bookable.serviceId() + "/availability?date=" + date);
        assertEquals(200, reply.status(), reply.body());
        List<String> starts = new ArrayList<>();
        reply.json().get("slots").forEach(s -> starts.add(s.get("startsAt").asText()));
        return starts;
    }

    private static void assertRule(Reply reply, int status, String type) {
        assertEquals(status, reply.status(), reply.body());
        assertEquals("application/problem+json", reply.contentType());
        assertEquals("https://citas.app/problems/" + type, reply.json().get("type").asText(), reply.body());
    }

    @Test
    void aServiceShowsItsRulesWithTheDefaultsOfBeforeAndAChangeIsNeverServedStale() {
        Bookable plain = bookable(Map.of());
        JsonNode shown = CITAS.api().get("/services/" + plain.serviceId()).json();
        assertEquals(0, shown.get("bufferBeforeMinutes").asInt());
        assertEquals(0, shown.get("bufferAfterMinutes").asInt());
        assertEquals(0, shown.get("minNoticeMinutes").asInt());
        assertEquals(365, shown.get("maxAdvanceDays").asInt());
        assertEquals(15, shown.get("slotIntervalMinutes").asInt());
        assertEquals(0, shown.get("cancellationCutoffMinutes").asInt());

        // Read (and cached), then only the rules change: the next read shows them.
        assertEquals(200, CITAS.api().get("/services/" + plain.serviceId()).status());
        Map<String, Object> body = Fixtures.serviceBody(shown.get("name").asText(), 30, "25.00", null,
                List.of(plain.resourceId()));
        body.putAll(Map.of("bufferBeforeMinutes", 5, "bufferAfterMinutes", 10, "minNoticeMinutes", 60,
                "maxAdvanceDays", 30, "slotIntervalMinutes", 20, "cancellationCutoffMinutes", 1440));
        Reply updated = staff.put("/services/" + plain.serviceId(), body);
        assertEquals(200, updated.status(), updated.body());
        assertEquals(20, updated.json().get("slotIntervalMinutes").asInt());
        JsonNode fresh = CITAS.api().get("/services/" + plain.serviceId()).json();
        assertEquals(5, fresh.get("bufferBeforeMinutes").asInt(), fresh.toString());
        assertEquals(10, fresh.get("bufferAfterMinutes").asInt());
        assertEquals(60, fresh.get("minNoticeMinutes").asInt());
        assertEquals(30, fresh.get("maxAdvanceDays").asInt());
        assertEquals(20, fresh.get("slotIntervalMinutes").asInt());
        assertEquals(1440, fresh.get("cancellationCutoffMinutes").asInt());
        JsonNode listed = CITAS.api().get("/services?q=" + shown.get("name").asText()).json().get("items").get(0);
        assertEquals(20, listed.get("slotIntervalMinutes").asInt(), listed.toString());
        assertEquals(1, CITAS.number("select count(*) from services where id = ? and buffer_before_minutes = 5 "
                + "and buffer_after_minutes = 10 and min_notice_minutes = 60 and max_advance_days = 30 "
                + "and slot_interval_minutes = 20 and cancellation_cutoff_minutes = 1440", plain.serviceId()));
    }

    @Test
    void rulesOutOfRangeAre400NamingEachFieldInTheCallersLanguage() {
        long resource = catalog.resource(Fixtures.unique("Chair"), "STAFF");
        Map<String, Object> body = Fixtures.serviceBody(Fixtures.unique("Cut"), 30, "25.00", null, List.of(resource));
        body.putAll(Map.of("bufferBeforeMinutes", 241, "bufferAfterMinutes", -1, "minNoticeMinutes", 43201,
                "maxAdvanceDays", 0, "slotIntervalMinutes", 7, "cancellationCutoffMinutes", -5));
        Reply refused = staff.post("/services", body);
        assertRule(refused, 400, "validation");
        List<String> fields = new ArrayList<>();
        refused.json().get("errors").forEach(e -> fields.add(e.get("field").asText()));
        assertEquals(List.of("bufferAfterMinutes", "bufferBeforeMinutes", "cancellationCutoffMinutes",
                "maxAdvanceDays", "minNoticeMinutes", "slotIntervalMinutes"), fields.stream().sorted().toList());
        assertTrue(refused.body().contains("must be between 0 and 240"), refused.body());
        assertTrue(refused.body().contains("must be one of 5, 10, 15, 20, 30, 60"), refused.body());
        Reply spanish = staff.header("Accept-Language", "es").post("/services", body);
        assertTrue(spanish.body().contains("debe estar entre 0 y 240"), spanish.body());

        Map<String, Object> never = Fixtures.serviceBody(Fixtures.unique("Cut"), 30, "25.00", null, List.of(resource));
        never.putAll(Map.of("minNoticeMinutes", 2880, "maxAdvanceDays", 2));
        Reply unbookable = staff.post("/services", never);
        assertRule(unbookable, 422, "unprocessable");
        assertEquals("minNoticeMinutes", unbookable.json().get("errors").get(0).get("field").asText());
        assertEquals(0, CITAS.number("select count(*) from resource_services where resource_id = ?", resource));
    }

    @Test
    void buffersBlockTheResourceAroundEachAppointmentInAvailabilityAndBookings() {
        Bookable buffered = bookable(Map.of("bufferBeforeMinutes", 15, "bufferAfterMinutes", 15));
        Api first = CITAS.customer();
        Api second = CITAS.customer();
        assertEquals(201, first.post("/appointments", Fixtures.booking(buffered, Fixtures.madrid(3, "10:00"))).status());
        assertEquals(1, CITAS.number("select count(*) from appointments where resource_id = ? "
                + "and buffer_before_minutes = 15 and buffer_after_minutes = 15", buffered.resourceId()));
        // 10:00-10:30 blocks 09:45-10:45; a slot at s blocks [s - 15, s + 45).
        List<String> slots = slots(buffered, 3);
        assertTrue(slots.contains(Fixtures.madrid(3, "09:00")), slots.toString());
        assertFalse(slots.contains(Fixtures.madrid(3, "09:15")), "blocks until 10:00, overlapping 09:45");
        assertFalse(slots.contains(Fixtures.madrid(3, "10:30")), "blocks from 10:15");
        assertTrue(slots.contains(Fixtures.madrid(3, "11:00")), "blocks from 10:45: touching");

        Reply tooClose = second.post("/appointments", Fixtures.booking(buffered, Fixtures.madrid(3, "10:30")));
        assertRule(tooClose, 409, "conflict");
        assertEquals("That time slot is already booked for this resource.", tooClose.json().get("detail").asText());
        assertRule(staff.post("/appointments", Fixtures.booking(buffered, Fixtures.madrid(3, "09:15"))), 409, "conflict");
        assertEquals(201, second.post("/appointments", Fixtures.booking(buffered, Fixtures.madrid(3, "11:00"))).status(),
                "blocked ranges that only touch do not overlap");
        assertEquals(2, appointments(buffered));

        // Another service of the same resource without buffers still meets the booked buffers, and its own
        // appointment blocks nothing beyond itself.
        long plain = catalog.service(Fixtures.unique("Quick"), 30, "10.00", null, List.of(buffered.resourceId()));
        Bookable plainOnSame = new Bookable(plain, buffered.resourceId());
        assertRule(CITAS.customer().post("/appointments", Fixtures.booking(plainOnSame, Fixtures.madrid(3, "11:30"))),
                409, "conflict");
        assertEquals(201, CITAS.customer().post("/appointments",
                Fixtures.booking(plainOnSame, Fixtures.madrid(3, "11:45"))).status());

        // A cancelled appointment blocks nothing, buffers included.
        long id = CITAS.number("select id from appointments where resource_id = ? and starts_at = ?::timestamptz",
                buffered.resourceId(), Fixtures.madrid(3, "10:00"));
        assertEquals(200, first.post("/appointments/" + id + "/cancel", Map.of()).status());
        assertTrue(slots(buffered, 3).contains(Fixtures.madrid(3, "10:00")));
    }

    /**
     * Racers for different starts whose appointments do not overlap (10:00-10:30 and 11:00-11:30 could both be booked
     * without buffers) but whose blocked ranges all overlap pairwise (an hour each side): whatever each request checks
     * before its insert, only the database's exclusion constraint over blocked ranges lets exactly one of them win.
     */
    @Test
    void concurrentBookingsWhoseBlockedRangesOverlapBookExactlyOne() throws Exception {
        for (int round = 0; round < 3; round++) {
            raceForPairwiseBlockedStarts(8 + round);
        }
    }

    private static void raceForPairwiseBlockedStarts(int daysAhead) throws Exception {
        Bookable buffered = bookable(Map.of("bufferBeforeMinutes", 60, "bufferAfterMinutes", 60));
        String[] starts = {"10:00", "10:30", "11:00", "11:30"};
        List<Callable<Integer>> attempts = new ArrayList<>();
        for (String start : starts) {
            Api customer = CITAS.customer();
            Map<String, Object> request = Fixtures.booking(buffered, Fixtures.madrid(daysAhead, start));
            attempts.add(() -> customer.post("/appointments", request).status());
        }
        ExecutorService pool = Executors.newFixedThreadPool(starts.length);
        List<Integer> statuses = new ArrayList<>();
        try {
            for (Future<Integer> attempt : pool.invokeAll(attempts)) {
                statuses.add(attempt.get());
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, statuses.stream().filter(s -> s == 201).count(), statuses.toString());
        assertEquals(starts.length - 1, statuses.stream().filter(s -> s == 409).count(), statuses.toString());
        assertEquals(1, appointments(buffered));
    }

    @Test
    void minimumNoticeAndHorizonBoundSlotsAndBookings() {
        Bookable farAhead = bookable(Map.of("minNoticeMinutes", 4 * 1440, "maxAdvanceDays", 30));
        Api customer = CITAS.customer();
        assertEquals(List.of(), slots(farAhead, 2), "sooner than four days");
        assertFalse(slots(farAhead, 6).isEmpty());
        Reply soon = customer.post("/appointments", Fixtures.booking(farAhead, Fixtures.madrid(2, "10:00")));
        assertRule(soon, 422, "min-notice");
        assertEquals("startsAt", soon.json().get("errors").get(0).get("field").asText());
        assertTrue(soon.json().get("detail").asText().contains("5760 minutes"), soon.body());
        assertRule(staff.post("/appointments", Fixtures.booking(farAhead, Fixtures.madrid(2, "10:00"))), 422,
                "min-notice");

        assertEquals(List.of(), slots(farAhead, 32), "beyond 30 days");
        Reply late = customer.post("/appointments", Fixtures.booking(farAhead, Fixtures.madrid(32, "10:00")));
        assertRule(late, 422, "max-advance");
        assertTrue(late.json().get("detail").asText().contains("30 days"), late.body());
        Reply spanish = customer.header("Accept-Language", "es")
                .post("/appointments", Fixtures.booking(farAhead, Fixtures.madrid(32, "10:00")));
        assertEquals("es", spanish.header("Content-Language"));
        assertTrue(spanish.json().get("detail").asText().contains("30 días"), spanish.body());
        assertEquals(201, customer.post("/appointments", Fixtures.booking(farAhead, Fixtures.madrid(6, "10:00"))).status());
        assertEquals(1, appointments(farAhead));
    }

    @Test
    void customersBookOnTheServicesGridAndStaffMaySqueezeOneIn() {
        Bookable hourly = bookable(Map.of("slotIntervalMinutes", 60));
        Api customer = CITAS.customer();
        List<String> slots = slots(hourly, 5);
        assertEquals(Fixtures.madrid(5, "09:00"), slots.get(0));
        assertEquals(Fixtures.madrid(5, "10:00"), slots.get(1));
        assertEquals(8, slots.size(), slots.toString());
        assertRule(customer.post("/appointments", Fixtures.booking(hourly, Fixtures.madrid(5, "10:15"))), 422,
                "slot-interval");
        assertEquals(201, customer.post("/appointments", Fixtures.booking(hourly, Fixtures.madrid(5, "10:00"))).status());
        assertEquals(201, staff.post("/appointments", Fixtures.booking(hourly, Fixtures.madrid(5, "11:10"))).status(),
                "staff are not held to the grid");
        assertEquals(2, appointments(hourly));
    }

    @Test
    void withinTheCancellationCutoffACustomerCannotCancelOrMoveButStaffCan() {
        Bookable strict = bookable(Map.of("cancellationCutoffMinutes", 3 * 1440));
        Api customer = CITAS.customer();
        long soon = customer.post("/appointments", Fixtures.booking(strict, Fixtures.madrid(2, "10:00")))
                .json().get("id").asLong();
        Reply cancel = customer.post("/appointments/" + soon + "/cancel", Map.of("reason", "ill"));
        assertRule(cancel, 422, "cancellation-cutoff");
        assertTrue(cancel.json().get("detail").asText().contains("4320 minutes"), cancel.body());
        assertRule(customer.patch("/appointments/" + soon, Map.of("startsAt", Fixtures.madrid(9, "10:00"))), 422,
                "cancellation-cutoff");
        Reply notes = customer.patch("/appointments/" + soon, Map.of("notes", "running late"));
        assertEquals(200, notes.status(), "notes are no move: " + notes.body());
        assertEquals(1, CITAS.number("select count(*) from appointments where id = ? and status = 'CONFIRMED' "
                + "and starts_at = ?::timestamptz", soon, Fixtures.madrid(2, "10:00")));

        long later = customer.post("/appointments", Fixtures.booking(strict, Fixtures.madrid(9, "10:00")))
                .json().get("id").asLong();
        Reply moved = customer.patch("/appointments/" + later, Map.of("startsAt", Fixtures.madrid(9, "11:00")));
        assertEquals(200, moved.status(), "outside the cutoff: " + moved.body());
        assertEquals(200, customer.post("/appointments/" + later + "/cancel", Map.of()).status());

        assertEquals(200, staff.patch("/appointments/" + soon, Map.of("startsAt", Fixtures.madrid(2, "11:00"))).status());
        Reply staffCancel = staff.post("/appointments/" + soon + "/cancel", Map.of("reason", "called in"));
        assertEquals(200, staffCancel.status(), staffCancel.body());
    }
}
