package app.citas.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.citas.dev.Api;
import app.citas.dev.Reply;
import app.citas.stack.StackExtension;
import app.citas.stack.TestStack;
import app.citas.testing.Fixtures;
import app.citas.testing.Fixtures.Bookable;
import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(StackExtension.class)
class BookingIT {
    private Api staff;
    private Fixtures fixtures;

    @BeforeEach
    void setUp(TestStack stack) {
        staff = stack.api().as(stack.staffToken("booking-staff"));
        fixtures = new Fixtures(staff);
    }

    @Test
    void availabilityBookingListingAndCancelling(TestStack stack) {
        Bookable bookable = fixtures.bookable();
        String date = java.time.LocalDate.now(Fixtures.MADRID).plusDays(2).toString();
        Reply availability = stack.api().get("/services/" + bookable.serviceId() + "/availability?date=" + date);
        assertEquals(200, availability.status(), availability.body());
        JsonNode slots = availability.json().get("slots");
        // 09:00-13:00 and 14:00-18:00, 30-minute service, starts every 15 minutes: 15 + 15 slots.
        assertEquals(30, slots.size());
        assertEquals(Fixtures.madrid(2, "09:00"), slots.get(0).get("startsAt").asText());
        assertEquals(Fixtures.madrid(2, "17:30"), slots.get(29).get("startsAt").asText());

        Api customer = stack.api().as(stack.api().newCustomer(Fixtures.unique("booker")));
        Map<String, Object> request = Fixtures.booking(bookable, Fixtures.madrid(2, "10:00"));
        request.put("notes", "first visit");
        Reply booked = customer.post("/appointments", request);
        assertEquals(201, booked.status(), booked.body());
        JsonNode appointment = booked.json();
        long id = appointment.get("id").asLong();
        assertTrue(booked.header("Location").endsWith("/appointments/" + id));
        assertEquals("CONFIRMED", appointment.get("status").asText());
        assertEquals(Fixtures.madrid(2, "10:30"), appointment.get("endsAt").asText());
        assertEquals("first visit", appointment.get("notes").asText());
        assertEquals(bookable.serviceId(), appointment.get("service").get("id").asLong());
        assertEquals("25.00", appointment.get("service").get("price").asText());
        assertEquals(bookable.resourceId(), appointment.get("resource").get("id").asLong());
        assertNotNull(appointment.get("customer").get("username").asText());

        JsonNode after = stack.api().get("/services/" + bookable.serviceId() + "/availability?date=" + date).json();
        // 09:45, 10:00 and 10:15 now overlap the booking.
        assertEquals(27, after.get("slots").size());

        Reply mine = customer.get("/appointments");
        assertEquals(1, mine.json().get("total").asLong());
        assertEquals(id, mine.json().get("items").get(0).get("id").asLong());
        assertEquals(200, customer.get("/appointments/" + id).status());

        Reply cancelled = customer.post("/appointments/" + id + "/cancel", Map.of("reason", "ill"));
        assertEquals(200, cancelled.status(), cancelled.body());
        assertEquals("CANCELLED", cancelled.json().get("status").asText());
        assertEquals("ill", cancelled.json().get("cancelReason").asText());
        assertEquals(409, customer.post("/appointments/" + id + "/cancel", Map.of()).status());
        assertEquals(30, stack.api().get("/services/" + bookable.serviceId() + "/availability?date=" + date)
                .json().get("slots").size(), "a cancelled appointment frees its slot");
        assertEquals(201, customer.post("/appointments", Fixtures.booking(bookable, Fixtures.madrid(2, "10:00"))).status(),
                "and the slot can be booked again");
    }

    @Test
    void overlapsAreConflicts(TestStack stack) {
        Bookable bookable = fixtures.bookable();
        Bookable other = fixtures.bookable();
        Api first = stack.api().as(stack.api().newCustomer(Fixtures.unique("first")));
        Api second = stack.api().as(stack.api().newCustomer(Fixtures.unique("second")));
        assertEquals(201, first.post("/appointments", Fixtures.booking(bookable, Fixtures.madrid(3, "11:00"))).status());
        Reply taken = second.post("/appointments", Fixtures.booking(bookable, Fixtures.madrid(3, "11:15")));
        assertEquals(409, taken.status(), taken.body());
        assertEquals("application/problem+json", taken.contentType());
        assertTrue(taken.json().get("detail").asText().contains("resource"));
        Reply busyCustomer = first.post("/appointments", Fixtures.booking(other, Fixtures.madrid(3, "11:15")));
        assertEquals(409, busyCustomer.status());
        assertTrue(busyCustomer.json().get("detail").asText().contains("customer"));
        assertEquals(201, second.post("/appointments", Fixtures.booking(bookable, Fixtures.madrid(3, "11:30"))).status(),
                "back-to-back is not an overlap");
    }

    @Test
    void impossibleBookingsAre422AndChangeNothing(TestStack stack) throws Exception {
        Bookable bookable = fixtures.bookable();
        Api customer = stack.api().as(stack.api().newCustomer(Fixtures.unique("picky")));
        assertEquals(422, customer.post("/appointments", Fixtures.booking(bookable, Fixtures.madrid(2, "08:45"))).status(),
                "before opening");
        assertEquals(422, customer.post("/appointments", Fixtures.booking(bookable, Fixtures.madrid(2, "12:45"))).status(),
                "runs into the lunch break");
        assertEquals(422, customer.post("/appointments", Fixtures.booking(bookable, Fixtures.madrid(-1, "10:00"))).status(),
                "in the past");
        Bookable unrelated = fixtures.bookable();
        Map<String, Object> notOffered = Fixtures.booking(bookable, Fixtures.madrid(2, "10:00"));
        notOffered.put("resourceId", unrelated.resourceId());
        assertEquals(422, customer.post("/appointments", notOffered).status(), "resource does not offer the service");
        Map<String, Object> noService = Fixtures.booking(bookable, Fixtures.madrid(2, "10:00"));
        noService.put("serviceId", 987654321);
        assertEquals(422, customer.post("/appointments", noService).status());
        Bookable retired = fixtures.bookable();
        staff.delete("/services/" + retired.serviceId());
        assertEquals(422, customer.post("/appointments", Fixtures.booking(retired, Fixtures.madrid(2, "10:00"))).status(),
                "inactive service");

        assertEquals(400, customer.post("/appointments", "{\"serviceId\": 1}").status(), "missing fields");
        assertEquals(400, customer.post("/appointments", Map.of("serviceId", bookable.serviceId(),
                "resourceId", bookable.resourceId(), "startsAt", "tomorrow")).status(), "bad instant");
        Map<String, Object> massAssignment = Fixtures.booking(bookable, Fixtures.madrid(2, "10:00"));
        massAssignment.put("status", "COMPLETED");
        assertEquals(400, customer.post("/appointments", massAssignment).status(), "status is not writable");
        Map<String, Object> forSomeoneElse = Fixtures.booking(bookable, Fixtures.madrid(2, "10:00"));
        forSomeoneElse.put("customerId", 1);
        assertEquals(403, customer.post("/appointments", forSomeoneElse).status(), "only staff book for others");
        assertEquals(401, stack.api().post("/appointments", Fixtures.booking(bookable, Fixtures.madrid(2, "10:00"))).status());
        assertEquals(0, customer.get("/appointments").json().get("total").asLong());
    }

    @Test
    void customersSeeOnlyTheirOwnAppointments(TestStack stack) {
        Bookable bookable = fixtures.bookable();
        Api owner = stack.api().as(stack.api().newCustomer(Fixtures.unique("owner")));
        Api snoop = stack.api().as(stack.api().newCustomer(Fixtures.unique("snoop")));
        long id = owner.post("/appointments", Fixtures.booking(bookable, Fixtures.madrid(4, "15:00"))).json().get("id").asLong();
        assertEquals(404, snoop.get("/appointments/" + id).status());
        assertEquals(404, snoop.post("/appointments/" + id + "/cancel", Map.of()).status());
        assertEquals(404, snoop.patch("/appointments/" + id, Map.of("notes", "mine now")).status());
        assertEquals(0, snoop.get("/appointments").json().get("total").asLong());
        assertEquals(403, snoop.get("/appointments?customerId=1").status());
        assertEquals(200, staff.get("/appointments/" + id).status());
        long ownerId = owner.get("/me").json().get("id").asLong();
        Reply staffView = staff.get("/appointments?customerId=" + ownerId);
        assertEquals(1, staffView.json().get("total").asLong());
        Reply byResource = staff.get("/appointments?resourceId=" + bookable.resourceId() + "&status=CONFIRMED");
        assertEquals(1, byResource.json().get("total").asLong());
        assertEquals(400, staff.get("/appointments?status=LOST").status());
        assertEquals(400, staff.get("/appointments?from=yesterday").status());
        String from = Fixtures.madrid(4, "00:00");
        String to = Fixtures.madrid(5, "00:00");
        assertEquals(1, staff.get("/appointments?resourceId=" + bookable.resourceId() + "&from=" + from + "&to=" + to)
                .json().get("total").asLong());
    }

    @Test
    void patchReschedulesAndOnlyStaffSetStatus(TestStack stack) {
        Bookable bookable = fixtures.bookable();
        Api customer = stack.api().as(stack.api().newCustomer(Fixtures.unique("mover")));
        long id = customer.post("/appointments", Fixtures.booking(bookable, Fixtures.madrid(5, "09:00"))).json().get("id").asLong();
        Reply moved = customer.patch("/appointments/" + id, Map.of("startsAt", Fixtures.madrid(5, "16:00"), "notes", "later"));
        assertEquals(200, moved.status(), moved.body());
        assertEquals(Fixtures.madrid(5, "16:30"), moved.json().get("endsAt").asText());
        assertEquals("later", moved.json().get("notes").asText());
        assertEquals(422, customer.patch("/appointments/" + id, Map.of("startsAt", Fixtures.madrid(5, "18:00"))).status());
        assertEquals(403, customer.patch("/appointments/" + id, Map.of("status", "COMPLETED")).status());
        Reply completed = staff.patch("/appointments/" + id, Map.of("status", "NO_SHOW"));
        assertEquals(200, completed.status());
        assertEquals("NO_SHOW", completed.json().get("status").asText());
        assertEquals(409, customer.post("/appointments/" + id + "/cancel", Map.of()).status());
    }

    @Test
    void startedAppointmentsCannotBeCancelled(TestStack stack) throws Exception {
        Bookable bookable = fixtures.bookable();
        Api customer = stack.api().as(stack.api().newCustomer(Fixtures.unique("late")));
        long customerId = customer.get("/me").json().get("id").asLong();
        long id;
        try (Connection db = stack.jdbc(); PreparedStatement insert = db.prepareStatement(
                "insert into appointments (service_id, resource_id, customer_id, starts_at, ends_at, status) "
                        + "values (?, ?, ?, ?, ?, 'CONFIRMED') returning id")) {
            Instant start = Instant.now().minus(10, ChronoUnit.MINUTES);
            insert.setLong(1, bookable.serviceId());
            insert.setLong(2, bookable.resourceId());
            insert.setLong(3, customerId);
            insert.setObject(4, start.atOffset(java.time.ZoneOffset.UTC));
            insert.setObject(5, start.plus(30, ChronoUnit.MINUTES).atOffset(java.time.ZoneOffset.UTC));
            try (ResultSet rs = insert.executeQuery()) {
                rs.next();
                id = rs.getLong(1);
            }
        }
        assertEquals(422, customer.post("/appointments/" + id + "/cancel", Map.of()).status());
    }

    @Test
    void idempotencyKeyReplaysTheFirstAnswer(TestStack stack) throws Exception {
        Bookable bookable = fixtures.bookable();
        Api customer = stack.api().as(stack.api().newCustomer(Fixtures.unique("retry")));
        Map<String, Object> request = Fixtures.booking(bookable, Fixtures.madrid(6, "12:00"));
        String key = java.util.UUID.randomUUID().toString();
        Reply first = customer.header("Idempotency-Key", key).post("/appointments", request);
        Reply retry = customer.header("Idempotency-Key", key).post("/appointments", request);
        assertEquals(201, first.status(), first.body());
        assertEquals(201, retry.status(), retry.body());
        assertEquals(first.json(), retry.json());
        assertEquals(first.header("Location"), retry.header("Location"));
        assertEquals("true", retry.header("Idempotent-Replayed"));
        assertEquals(1, rows(stack, "select count(*) from appointments where resource_id = " + bookable.resourceId()));
        Map<String, Object> different = Fixtures.booking(bookable, Fixtures.madrid(6, "15:00"));
        assertEquals(422, customer.header("Idempotency-Key", key).post("/appointments", different).status());
        assertEquals(400, customer.header("Idempotency-Key", "x".repeat(300)).post("/appointments", different).status());
    }

    @Test
    void concurrentRequestsForOneSlotBookItOnce(TestStack stack) throws Exception {
        Bookable bookable = fixtures.bookable();
        int callers = 16;
        List<Api> customers = new ArrayList<>();
        for (int i = 0; i < callers; i++) {
            customers.add(stack.api().as(stack.api().newCustomer(Fixtures.unique("race"))));
        }
        Map<String, Object> request = Fixtures.booking(bookable, Fixtures.madrid(7, "10:00"));
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        try {
            List<Callable<Integer>> attempts = customers.stream()
                    .<Callable<Integer>>map(c -> () -> c.post("/appointments", request).status()).toList();
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> f : pool.invokeAll(attempts)) {
                statuses.add(f.get());
            }
            assertEquals(1, statuses.stream().filter(s -> s == 201).count(), statuses.toString());
            assertEquals(callers - 1, statuses.stream().filter(s -> s == 409).count(), statuses.toString());
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, rows(stack, "select count(*) from appointments where resource_id = " + bookable.resourceId()));
    }

    @Test
    void availabilityRejectsBadInput(TestStack stack) {
        Bookable bookable = fixtures.bookable();
        assertEquals(400, stack.api().get("/services/" + bookable.serviceId() + "/availability").status());
        assertEquals(400, stack.api().get("/services/" + bookable.serviceId() + "/availability?date=2026-13-01").status());
        assertEquals(400, stack.api().get("/services/" + bookable.serviceId() + "/availability?date=2026-12-01&resourceId=x").status());
        assertEquals(404, stack.api().get("/services/987654321/availability?date=2026-12-01").status());
        Reply past = stack.api().get("/services/" + bookable.serviceId() + "/availability?date=2020-01-01");
        assertEquals(200, past.status());
        assertEquals(0, past.json().get("slots").size());
        Reply oneResource = stack.api().get("/services/" + bookable.serviceId() + "/availability?date="
                + java.time.LocalDate.now(Fixtures.MADRID).plusDays(2) + "&resourceId=" + bookable.resourceId());
        assertFalse(oneResource.json().get("slots").isEmpty());
    }

    static long rows(TestStack stack, String sql) throws Exception {
        try (Connection db = stack.jdbc(); var statement = db.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
