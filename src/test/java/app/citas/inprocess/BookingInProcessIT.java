package app.citas.inprocess;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.citas.dev.Reply;
import app.citas.testing.Api;
import app.citas.testing.CitasExtension;
import app.citas.testing.Fixtures;
import app.citas.testing.Fixtures.Bookable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The booking rules through the in-process API, checked against the rows they leave. */
class BookingInProcessIT {
    @RegisterExtension
    static final CitasExtension CITAS = new CitasExtension(Map.of("CITAS_MAX_UPCOMING_APPOINTMENTS_PER_CUSTOMER", "3"));
    private static Api staff;
    private static Fixtures catalog;

    @BeforeAll
    static void staff() {
        staff = CITAS.staff();
        catalog = new Fixtures(staff);
    }

    private static long appointments(Bookable bookable) {
        return CITAS.number("select count(*) from appointments where resource_id = ?", bookable.resourceId());
    }

    @Test
    void booksListsCancelsAndBooksTheFreedSlotAgain() {
        Bookable bookable = catalog.bookable();
        Api customer = CITAS.customer();
        Map<String, Object> request = Fixtures.booking(bookable, Fixtures.madrid(2, "10:00"));
        request.put("notes", "first visit");
        Reply booked = customer.post("/appointments", request);
        assertEquals(201, booked.status(), booked.body());
        long id = booked.json().get("id").asLong();
        assertTrue(booked.header("Location").endsWith("/appointments/" + id), booked.headers().toString());
        assertEquals("CONFIRMED", booked.json().get("status").asText());
        assertEquals(Fixtures.madrid(2, "10:30"), booked.json().get("endsAt").asText());
        assertEquals("25.00", booked.json().get("service").get("price").asText());
        assertEquals(1, CITAS.number("select count(*) from appointments where id = ? and status = 'CONFIRMED'", id));

        Reply mine = customer.get("/appointments");
        assertEquals(1, mine.json().get("total").asLong(), mine.body());
        assertEquals(id, mine.json().get("items").get(0).get("id").asLong());

        Reply cancelled = customer.post("/appointments/" + id + "/cancel", Map.of("reason", "ill"));
        assertEquals(200, cancelled.status(), cancelled.body());
        assertEquals("CANCELLED", cancelled.json().get("status").asText());
        assertEquals(1, CITAS.number("select count(*) from appointments where id = ? and status = 'CANCELLED'", id));
        Reply again = customer.post("/appointments/" + id + "/cancel", Map.of());
        assertEquals(409, again.status(), again.body());
        assertEquals(201, customer.post("/appointments", Fixtures.booking(bookable, Fixtures.madrid(2, "10:00"))).status(),
                "a cancelled appointment frees its slot");
    }

    @Test
    void overlapsAreConflictsAndBackToBackIsNot() {
        Bookable bookable = catalog.bookable();
        Bookable other = catalog.bookable();
        Api first = CITAS.customer();
        Api second = CITAS.customer();
        assertEquals(201, first.post("/appointments", Fixtures.booking(bookable, Fixtures.madrid(3, "11:00"))).status());
        Reply taken = second.post("/appointments", Fixtures.booking(bookable, Fixtures.madrid(3, "11:15")));
        assertEquals(409, taken.status(), taken.body());
        assertEquals("application/problem+json", taken.contentType());
        assertTrue(taken.json().get("detail").asText().contains("resource"), taken.body());
        Reply busyCustomer = first.post("/appointments", Fixtures.booking(other, Fixtures.madrid(3, "11:15")));
        assertEquals(409, busyCustomer.status(), busyCustomer.body());
        assertTrue(busyCustomer.json().get("detail").asText().contains("customer"), busyCustomer.body());
        assertEquals(1, appointments(bookable));
        assertEquals(0, appointments(other));
        assertEquals(201, second.post("/appointments", Fixtures.booking(bookable, Fixtures.madrid(3, "11:30"))).status(),
                "back-to-back is not an overlap");
    }

    /** Racing requests pass any check made before the insert: the exclusion constraint decides, as a 409. */
    @Test
    void concurrentBookingsOfOneSlotBookItOnce() throws Exception {
        Bookable bookable = catalog.bookable();
        int callers = 4;
        List<Api> customers = new ArrayList<>();
        for (int i = 0; i < callers; i++) {
            customers.add(CITAS.customer());
        }
        Map<String, Object> request = Fixtures.booking(bookable, Fixtures.madrid(7, "10:00"));
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        List<Integer> statuses = new ArrayList<>();
        try {
            List<Callable<Integer>> attempts = customers.stream()
                    .<Callable<Integer>>map(c -> () -> c.post("/appointments", request).status()).toList();
            for (Future<Integer> attempt : pool.invokeAll(attempts)) {
                statuses.add(attempt.get());
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, statuses.stream().filter(s -> s == 201).count(), statuses.toString());
        assertEquals(callers - 1, statuses.stream().filter(s -> s == 409).count(), statuses.toString());
        assertEquals(1, appointments(bookable));
    }

    /**
     * A booking and a move wait for their resource's schedule lock (the advisory lock the database's trigger
     * appointments_lock_schedule takes before the exclusion constraint decides); a cancellation does not.
     */
    @Test
    void bookingsAndMovesWaitForTheResourcesScheduleLockAndCancellationsDoNot() throws Exception {
        Bookable bookable = catalog.bookable();
        Api customer = CITAS.customer();
        long id = customer.post("/appointments", Fixtures.booking(bookable, Fixtures.madrid(8, "09:00")))
                .json().get("id").asLong();
        Api other = CITAS.customer();
        long toCancel = other.post("/appointments", Fixtures.booking(bookable, Fixtures.madrid(8, "12:00")))
                .json().get("id").asLong();
        assertEquals(201, whileScheduleLocked(bookable, true, () -> CITAS.customer().post("/appointments",
                Fixtures.booking(bookable, Fixtures.madrid(8, "11:00"))).status()));
        assertEquals(200, whileScheduleLocked(bookable, true, () -> customer.patch("/appointments/" + id,
                Map.of("startsAt", Fixtures.madrid(8, "10:00"))).status()));
        assertEquals(200, whileScheduleLocked(bookable, false, () -> other.post("/appointments/" + toCancel
                + "/cancel", Map.of()).status()));
    }

    /** Runs the request while a transaction of the test holds the resource's schedule lock, then lets go. */
    private static int whileScheduleLocked(Bookable bookable, boolean waits, Callable<Integer> request)
            throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (java.sql.Connection lock = CITAS.jdbc()) {
            lock.setAutoCommit(false);
            try (java.sql.PreparedStatement statement = lock.prepareStatement(
                    "select pg_advisory_xact_lock(1130984545, cast(? % 2147483647 as integer))")) {
                statement.setLong(1, bookable.resourceId());
                statement.execute();
            }
            Future<Integer> answer = pool.submit(request);
            if (waits) {
                assertThrows(java.util.concurrent.TimeoutException.class,
                        () -> answer.get(500, java.util.concurrent.TimeUnit.MILLISECONDS), "did not wait for the lock");
                lock.commit();
            }
            int status = answer.get(10, java.util.concurrent.TimeUnit.SECONDS);
            lock.commit();
            return status;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aCustomerHoldsAtMostTheConfiguredUpcomingAppointments() {
        Bookable bookable = catalog.bookable();
        Api customer = CITAS.customer();
        for (int day = 1; day <= 3; day++) {
            assertEquals(201, customer.post("/appointments", Fixtures.booking(bookable, Fixtures.madrid(day, "09:00")))
                    .status());
        }
        Reply fourth = customer.post("/appointments", Fixtures.booking(bookable, Fixtures.madrid(4, "09:00")));
        assertEquals(409, fourth.status(), fourth.body());
        assertTrue(fourth.json().get("type").asText().endsWith("too-many-upcoming"), fourth.body());
        assertEquals(3, appointments(bookable));
        assertEquals(201, staff.post("/appointments", Fixtures.booking(bookable, Fixtures.madrid(5, "09:00"))).status(),
                "the cap is per customer");
    }

    @Test
    void impossibleBookingsAre422AndLeaveNoRow() {
        Bookable bookable = catalog.bookable();
        Api customer = CITAS.customer();
        assertEquals(422, customer.post("/appointments", Fixtures.booking(bookable, Fixtures.madrid(2, "08:45"))).status(),
                "before opening");
        assertEquals(422, customer.post("/appointments", Fixtures.booking(bookable, Fixtures.madrid(2, "12:45"))).status(),
                "runs into the lunch break");
        assertEquals(422, customer.post("/appointments", Fixtures.booking(bookable, Fixtures.madrid(-1, "10:00"))).status(),
                "in the past");
        Map<String, Object> notOffered = Fixtures.booking(bookable, Fixtures.madrid(2, "10:00"));
        notOffered.put("resourceId", catalog.bookable().resourceId());
        assertEquals(422, customer.post("/appointments", notOffered).status(), "resource does not offer the service");
        Map<String, Object> forSomeoneElse = Fixtures.booking(bookable, Fixtures.madrid(2, "10:00"));
        forSomeoneElse.put("customerId", 1);
        assertEquals(403, customer.post("/appointments", forSomeoneElse).status(), "only staff book for others");
        assertEquals(401, CITAS.api().post("/appointments", Fixtures.booking(bookable, Fixtures.madrid(2, "10:00"))).status());
        assertEquals(0, appointments(bookable));
    }

    @Test
    void patchReschedulesAndOnlyStaffSetTheStatus() {
        Bookable bookable = catalog.bookable();
        Api customer = CITAS.customer();
        long id = customer.post("/appointments", Fixtures.booking(bookable, Fixtures.madrid(5, "09:00"))).json().get("id").asLong();
        Reply moved = customer.patch("/appointments/" + id, Map.of("startsAt", Fixtures.madrid(5, "16:00"), "notes", "later"));
        assertEquals(200, moved.status(), moved.body());
        assertEquals(Fixtures.madrid(5, "16:30"), moved.json().get("endsAt").asText());
        assertEquals("later", moved.json().get("notes").asText());
        assertEquals(422, customer.patch("/appointments/" + id, Map.of("startsAt", Fixtures.madrid(5, "18:00"))).status(),
                "outside working hours");
        assertEquals(403, customer.patch("/appointments/" + id, Map.of("status", "COMPLETED")).status());
        assertEquals(1, CITAS.number("select count(*) from appointments where id = ? and notes = 'later' "
                + "and status = 'CONFIRMED'", id), "the refused patches changed nothing");
        Reply noShow = staff.patch("/appointments/" + id, Map.of("status", "NO_SHOW"));
        assertEquals(200, noShow.status(), noShow.body());
        assertEquals("NO_SHOW", noShow.json().get("status").asText());
        assertEquals(409, customer.post("/appointments/" + id + "/cancel", Map.of()).status());
    }

    @Test
    void customersSeeOnlyTheirOwnAppointments() {
        Bookable bookable = catalog.bookable();
        Api owner = CITAS.customer();
        Api snoop = CITAS.customer();
        long id = owner.post("/appointments", Fixtures.booking(bookable, Fixtures.madrid(4, "15:00"))).json().get("id").asLong();
        Reply seen = snoop.get("/appointments/" + id);
        assertEquals(404, seen.status(), seen.body());
        assertEquals("application/problem+json", seen.contentType());
        assertEquals(404, snoop.post("/appointments/" + id + "/cancel", Map.of()).status());
        assertEquals(404, snoop.patch("/appointments/" + id, Map.of("notes", "mine now")).status());
        assertEquals(0, snoop.get("/appointments").json().get("total").asLong());
        assertEquals(403, snoop.get("/appointments?customerId=1").status());
        assertEquals(200, staff.get("/appointments/" + id).status());
        assertEquals(1, CITAS.number("select count(*) from appointments where id = ? and status = 'CONFIRMED' "
                + "and notes is null", id), "the snoop changed nothing");
    }

    @Test
    void anIdempotencyKeyReplaysTheFirstAnswer() {
        Bookable bookable = catalog.bookable();
        Api customer = CITAS.customer();
        Map<String, Object> request = Fixtures.booking(bookable, Fixtures.madrid(6, "12:00"));
        String key = UUID.randomUUID().toString();
        Reply first = customer.header("Idempotency-Key", key).post("/appointments", request);
        Reply retry = customer.header("Idempotency-Key", key).post("/appointments", request);
        assertEquals(201, first.status(), first.body());
        assertEquals(201, retry.status(), retry.body());
        assertEquals(first.json(), retry.json());
        assertEquals(first.header("Location"), retry.header("Location"));
        assertEquals("true", retry.header("Idempotent-Replayed"));
        assertEquals(1, appointments(bookable));
        Reply reused = customer.header("Idempotency-Key", key).post("/appointments",
                Fixtures.booking(bookable, Fixtures.madrid(6, "15:00")));
        assertEquals(422, reused.status(), "the same key with another body: " + reused.body());
        assertEquals(1, appointments(bookable));
    }

    @Test
    void readsCostAFewStatements() {
        Bookable bookable = catalog.bookable();
        Api customer = CITAS.customer();
        long id = customer.post("/appointments", Fixtures.booking(bookable, Fixtures.madrid(8, "09:00"))).json().get("id").asLong();
        long before = CITAS.sqlStatements();
        assertEquals(200, customer.get("/appointments/" + id).status());
        long detail = CITAS.sqlStatements() - before;
        // The token is warm (it booked just before): the appointment joined with its service, resource and customer.
        assertEquals(1, detail, "GET /appointments/{id} statements");
        before = CITAS.sqlStatements();
        assertEquals(200, customer.get("/appointments?size=100").status());
        long list = CITAS.sqlStatements() - before;
        // One statement: the page joined with the summaries the catalog and account features publish, and its
        // bounded count (a page that turns out to show the end needs none, but it is asked with the page).
        assertEquals(1, list, "GET /appointments statements");
    }
}
