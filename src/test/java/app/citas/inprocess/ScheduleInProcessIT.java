package app.citas.inprocess;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.citas.dev.Reply;
import app.citas.testing.Api;
import app.citas.testing.CitasExtension;
import app.citas.testing.Fixtures;
import app.citas.testing.Fixtures.Bookable;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
 * A resource's time off and date overrides through the in-process API, and what they do to availability (one date
 * and a range) and to booking. The catalog cache is on, as in production: none of this is part of a cached read.
 */
class ScheduleInProcessIT {
    @RegisterExtension
    static final CitasExtension CITAS = new CitasExtension(Map.of("CITAS_MAX_UPCOMING_APPOINTMENTS_PER_CUSTOMER", "50"));
    private static Api staff;
    private static Fixtures catalog;

    @BeforeAll
    static void staff() {
        staff = CITAS.staff();
        catalog = new Fixtures(staff);
    }

    private static LocalDate day(int daysAhead) {
        return LocalDate.now(Fixtures.MADRID).plusDays(daysAhead);
    }

    private static Map<String, Object> timeOff(String startsAt, String endsAt, String reason) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("startsAt", startsAt);
        body.put("endsAt", endsAt);
        body.put("reason", reason);
        return body;
    }

    private static List<String> starts(Reply availability) {
        assertEquals(200, availability.status(), availability.body());
        return availability.json().get("slots").findValuesAsText("startsAt");
    }

    private static List<String> slotsOn(Bookable bookable, int daysAhead) {
        return starts(CITAS.api().get("/services/" + bookable.serviceId() + "/availability?date=" + day(daysAhead)));
    }

    private static String field(Reply problem) {
        assertEquals("application/problem+json", problem.contentType(), problem.body());
        return problem.json().get("errors").get(0).get("field").asText();
    }

    // --- time off

    @Test
    void timeOffHidesSlotsListsTheAppointmentsInsideAndRefusesBookingsIntoIt() {
        Bookable bookable = catalog.bookable();
        Api customer = CITAS.customer();
        long inside = customer.post("/appointments", Fixtures.booking(bookable, Fixtures.madrid(3, "10:00")))
                .json().get("id").asLong();
        long cancelled = customer.post("/appointments", Fixtures.booking(bookable, Fixtures.madrid(3, "11:00")))
                .json().get("id").asLong();
        assertEquals(200, customer.post("/appointments/" + cancelled + "/cancel", Map.of()).status());
        long outside = customer.post("/appointments", Fixtures.booking(bookable, Fixtures.madrid(3, "12:00")))
                .json().get("id").asLong();
        assertEquals(30 - 3 - 3, slotsOn(bookable, 3).size(), "two periods of 15 starts; 10:00 and 12:00 taken "
                + "(3 overlapping starts each), 11:00 free again");

        Reply added = staff.post("/resources/" + bookable.resourceId() + "/time-off",
                timeOff(Fixtures.madrid(3, "09:45"), Fixtures.madrid(3, "12:00"), " Dentist "));
        assertEquals(201, added.status(), added.body());
        long id = added.json().get("id").asLong();
        assertTrue(added.header("Location").endsWith("/resources/" + bookable.resourceId() + "/time-off/" + id));
        assertEquals(bookable.resourceId(), added.json().get("resourceId").asLong());
        assertEquals("Dentist", added.json().get("reason").asText());
        assertEquals(List.of(inside), ids(added.json().get("affectedAppointments")),
                "the confirmed appointment inside is listed (not the cancelled one, nor the one starting at its end)");
        assertEquals(1, CITAS.number("select count(*) from appointments where id = ? and status = 'CONFIRMED'", inside),
                "and it is not cancelled");
        assertEquals(outside, CITAS.number("select id from appointments where id = ? and status = 'CONFIRMED'", outside));

        List<String> left = slotsOn(bookable, 3);
        assertTrue(left.stream().allMatch(s -> s.compareTo(Fixtures.madrid(3, "09:15")) <= 0
                || s.compareTo(Fixtures.madrid(3, "12:30")) >= 0), left.toString());
        assertTrue(left.contains(Fixtures.madrid(3, "09:15")), "a slot ending when the time off starts stays");

        Reply refused = CITAS.customer().post("/appointments", Fixtures.booking(bookable, Fixtures.madrid(3, "11:00")));
        assertEquals(422, refused.status(), refused.body());
        assertEquals("startsAt", field(refused));
        assertTrue(refused.json().get("detail").asText().contains("time off"), refused.body());
        Reply moved = customer.patch("/appointments/" + outside, Map.of("startsAt", Fixtures.madrid(3, "11:30")));
        assertEquals(422, moved.status(), "nor can one be moved into it: " + moved.body());
        assertEquals(200, customer.patch("/appointments/" + inside, Map.of("notes", "call first")).status(),
                "an appointment inside stays editable");

        Reply listed = staff.get("/resources/" + bookable.resourceId() + "/time-off?from=" + Fixtures.madrid(3, "00:00")
                + "&to=" + Fixtures.madrid(4, "00:00"));
        assertEquals(200, listed.status(), listed.body());
        assertEquals(List.of(id), ids(listed.json().get("items")));
        assertTrue(listed.json().get("items").get(0).get("affectedAppointments") == null, listed.body());
        assertEquals(0, ids(staff.get("/resources/" + bookable.resourceId() + "/time-off?from="
                + Fixtures.madrid(3, "12:00") + "&to=" + Fixtures.madrid(4, "00:00")).json().get("items")).size(),
                "a span starting at its end does not overlap it");

        assertEquals(204, staff.delete("/resources/" + bookable.resourceId() + "/time-off/" + id).status());
        assertEquals(404, staff.delete("/resources/" + bookable.resourceId() + "/time-off/" + id).status());
        assertEquals(30 - 3 - 3, slotsOn(bookable, 3).size(), "as before the time off");
        assertEquals(201, CITAS.customer().post("/appointments", Fixtures.booking(bookable, Fixtures.madrid(3, "11:00")))
                .status(), "bookable again");
    }

    private static List<Long> ids(JsonNode array) {
        List<Long> ids = new ArrayList<>();
        array.forEach(item -> ids.add(item.isObject() ? item.get("id").asLong() : item.asLong()));
        return ids;
    }

    @Test
    void overlappingTimeOffIsAllowedAndEachIsRemovedOnItsOwn() {
        Bookable bookable = catalog.bookable();
        String path = "/resources/" + bookable.resourceId() + "/time-off";
        long holiday = staff.post(path, timeOff(Fixtures.madrid(5, "00:00"), Fixtures.madrid(7, "00:00"), "Holiday"))
                .json().get("id").asLong();
        long sick = staff.post(path, timeOff(Fixtures.madrid(6, "00:00"), Fixtures.madrid(8, "00:00"), null))
                .json().get("id").asLong();
        Reply both = staff.get(path + "?from=" + Fixtures.madrid(0, "00:00") + "&to=" + Fixtures.madrid(10, "00:00"));
        assertEquals(List.of(holiday, sick), ids(both.json().get("items")));
        assertTrue(both.json().get("items").get(1).get("reason").isNull());
        for (int d = 5; d <= 7; d++) {
            assertEquals(List.of(), slotsOn(bookable, d), "day " + d);
        }
        assertEquals(204, staff.delete(path + "/" + holiday).status());
        assertEquals(30, slotsOn(bookable, 5).size(), "day 5 is free again");
        assertEquals(List.of(), slotsOn(bookable, 6), "the other time off still covers day 6");
    }

    @Test
    void timeOffIsValidatedAndForStaffOnly() {
        Bookable bookable = catalog.bookable();
        String path = "/resources/" + bookable.resourceId() + "/time-off";
        Reply backwards = staff.post(path, timeOff(Fixtures.madrid(2, "12:00"), Fixtures.madrid(2, "12:00"), null));
        assertEquals(400, backwards.status(), backwards.body());
        assertEquals("endsAt", field(backwards));
        Reply spanish = staff.header("Accept-Language", "es").post(path,
                timeOff(Fixtures.madrid(2, "12:00"), Fixtures.madrid(2, "11:00"), null));
        assertEquals("es", spanish.header("Content-Language"));
        assertEquals("debe ser posterior a startsAt", spanish.json().get("errors").get(0).get("message").asText());
        assertEquals(400, staff.post(path, timeOff(Fixtures.madrid(2, "12:00"), Fixtures.madrid(400, "12:00"), null))
                .status(), "longer than a year");
        assertEquals(400, staff.post(path, Map.of("startsAt", Fixtures.madrid(2, "12:00"))).status(), "no endsAt");
        assertEquals(404, staff.post("/resources/999999999/time-off",
                timeOff(Fixtures.madrid(2, "12:00"), Fixtures.madrid(2, "13:00"), null)).status());
        assertEquals(401, CITAS.api().post(path, timeOff(Fixtures.madrid(2, "12:00"), Fixtures.madrid(2, "13:00"), null))
                .status());
        assertEquals(403, CITAS.customer().post(path,
                timeOff(Fixtures.madrid(2, "12:00"), Fixtures.madrid(2, "13:00"), null)).status());
        assertEquals(403, CITAS.customer().get(path + "?from=" + Fixtures.madrid(0, "00:00") + "&to="
                + Fixtures.madrid(1, "00:00")).status(), "reasons are private");
        assertEquals("from", field(staff.get(path + "?to=" + Fixtures.madrid(1, "00:00"))));
        assertEquals("to", field(staff.get(path + "?from=" + Fixtures.madrid(1, "00:00") + "&to="
                + Fixtures.madrid(0, "00:00"))));
        assertEquals("from", field(staff.get(path + "?from=yesterday&to=" + Fixtures.madrid(1, "00:00"))));
        assertEquals(404, staff.delete("/resources/999999999/time-off/1").status());
        assertEquals(0, CITAS.number("select count(*) from time_off where resource_id = ?", bookable.resourceId()));
    }

    /**
     * A time off racing bookings into it: every booking either commits first and is listed in the time off's
     * affectedAppointments, or is refused (422, by the service's check or by the database's trigger). None slips in
     * unlisted.
     */
    @Test
    void bookingsRacingATimeOffAreListedOrRefusedNeverLost() throws Exception {
        for (int round = 0; round < 3; round++) {
            Bookable bookable = catalog.bookable();
            List<Api> customers = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                customers.add(CITAS.customer());
            }
            String[] times = {"09:00", "10:00", "11:00", "12:00"};
            ExecutorService pool = Executors.newFixedThreadPool(5);
            try {
                List<Callable<Reply>> calls = new ArrayList<>();
                for (int i = 0; i < customers.size(); i++) {
                    Api customer = customers.get(i);
                    String time = times[i];
                    calls.add(() -> customer.post("/appointments", Fixtures.booking(bookable, Fixtures.madrid(9, time))));
                }
                calls.add(() -> staff.post("/resources/" + bookable.resourceId() + "/time-off",
                        timeOff(Fixtures.madrid(9, "00:00"), Fixtures.madrid(10, "00:00"), "race")));
                List<Future<Reply>> replies = pool.invokeAll(calls);
                Reply added = replies.get(4).get();
                assertEquals(201, added.status(), added.body());
                List<Long> affected = ids(added.json().get("affectedAppointments"));
                List<Long> booked = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    Reply reply = replies.get(i).get();
                    assertTrue(reply.status() == 201 || reply.status() == 422, reply.status() + " " + reply.body());
                    if (reply.status() == 201) {
                        booked.add(reply.json().get("id").asLong());
                    }
                }
                assertEquals(booked.stream().sorted().toList(), affected.stream().sorted().toList(),
                        "round " + round + ": every booking that committed is listed");
                assertEquals(booked.size(), CITAS.number("select count(*) from appointments where resource_id = ?",
                        bookable.resourceId()));
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void theDatabaseRefusesAnAppointmentInsideTimeOffWhoeverWritesIt() {
        Bookable bookable = catalog.bookable();
        Api customer = CITAS.customer();
        long id = customer.post("/appointments", Fixtures.booking(bookable, Fixtures.madrid(11, "10:00")))
                .json().get("id").asLong();
        assertEquals(201, staff.post("/resources/" + bookable.resourceId() + "/time-off",
                timeOff(Fixtures.madrid(11, "09:00"), Fixtures.madrid(11, "13:00"), null)).status());
        // Behind the application's back: moving it within the time off, and a cancelled one confirmed again, fail;
        // changing its status in place does not.
        assertTrue(updateFails("update appointments set starts_at = starts_at + interval '15 minutes', "
                + "ends_at = ends_at + interval '15 minutes' where id = " + id));
        assertEquals(1, CITAS.update("update appointments set status = 'COMPLETED' where id = ?", id));
        assertEquals(1, CITAS.update("update appointments set status = 'CANCELLED' where id = ?", id));
        assertTrue(updateFails("update appointments set status = 'CONFIRMED' where id = " + id));
    }

    private static boolean updateFails(String sql) {
        try (var connection = CITAS.jdbc(); var statement = connection.createStatement()) {
            statement.executeUpdate(sql);
            return false;
        } catch (java.sql.SQLException e) {
            assertEquals("23P01", e.getSQLState(), e.getMessage());
            assertTrue(e.getMessage().contains("time off"), e.getMessage());
            return true;
        }
    }

    // --- date overrides

    @Test
    void aDateOverrideReplacesThatDatesHoursAndAnEmptyOneClosesIt() {
        Bookable bookable = catalog.bookable();
        String path = "/resources/" + bookable.resourceId() + "/date-overrides/";
        Reply special = staff.put(path + day(4), Map.of("periods",
                List.of(Map.of("start", "16:00", "end", "17:00"), Map.of("start", "08:00", "end", "09:00"))));
        assertEquals(200, special.status(), special.body());
        assertEquals(day(4).toString(), special.json().get("date").asText());
        assertEquals("08:00", special.json().get("periods").get(0).get("start").asText(), "sorted by start");
        assertEquals(List.of(Fixtures.madrid(4, "08:00"), Fixtures.madrid(4, "08:15"), Fixtures.madrid(4, "08:30"),
                Fixtures.madrid(4, "16:00"), Fixtures.madrid(4, "16:15"), Fixtures.madrid(4, "16:30")), slotsOn(bookable, 4));
        assertEquals(201, CITAS.customer().post("/appointments", Fixtures.booking(bookable, Fixtures.madrid(4, "08:00")))
                .status(), "bookable in the special hours");
        Reply usual = CITAS.customer().post("/appointments", Fixtures.booking(bookable, Fixtures.madrid(4, "10:00")));
        assertEquals(422, usual.status(), "the weekly hours do not apply that date: " + usual.body());

        assertEquals(200, staff.put(path + day(5), Map.of("periods", List.of())).status());
        assertEquals(List.of(), slotsOn(bookable, 5), "closed");
        assertEquals(422, CITAS.customer().post("/appointments", Fixtures.booking(bookable, Fixtures.madrid(5, "10:00")))
                .status());

        Reply listed = CITAS.api().get("/resources/" + bookable.resourceId() + "/date-overrides?from=" + day(0)
                + "&to=" + day(30));
        assertEquals(200, listed.status(), listed.body());
        assertEquals(List.of(day(4).toString(), day(5).toString()), listed.json().get("items").findValuesAsText("date"));
        assertEquals(0, listed.json().get("items").get(1).get("periods").size());

        assertEquals(200, staff.put(path + day(5), Map.of("periods", List.of(Map.of("start", "10:00", "end", "11:00"))))
                .status(), "a second PUT replaces the first");
        assertEquals(3, slotsOn(bookable, 5).size());
        assertEquals(204, staff.delete(path + day(5)).status());
        assertEquals(404, staff.delete(path + day(5)).status());
        assertEquals(30, slotsOn(bookable, 5).size(), "the weekly hours again");
    }

    @Test
    void dateOverridesAreValidated() {
        Bookable bookable = catalog.bookable();
        String path = "/resources/" + bookable.resourceId() + "/date-overrides";
        Reply overlapping = staff.put(path + "/" + day(3), Map.of("periods",
                List.of(Map.of("start", "09:00", "end", "12:00"), Map.of("start", "11:00", "end", "13:00"))));
        assertEquals(400, overlapping.status(), overlapping.body());
        assertEquals("periods[1]", field(overlapping));
        assertEquals("periods[0]", field(staff.put(path + "/" + day(3), Map.of("periods",
                List.of(Map.of("start", "12:00", "end", "09:00"))))));
        assertEquals(400, staff.put(path + "/" + day(3), Map.of()).status(), "periods is required");
        assertEquals("date", field(staff.put(path + "/2026-02-30", Map.of("periods", List.of()))));
        assertEquals(404, staff.put("/resources/999999999/date-overrides/" + day(3), Map.of("periods", List.of()))
                .status());
        assertEquals(403, CITAS.customer().put(path + "/" + day(3), Map.of("periods", List.of())).status());
        assertEquals(401, CITAS.api().delete(path + "/" + day(3)).status());
        assertEquals("to", field(CITAS.api().get(path + "?from=" + day(3) + "&to=" + day(2))));
        assertEquals("to", field(CITAS.api().get(path + "?from=" + day(0) + "&to=" + day(366))));
        assertEquals("from", field(CITAS.api().get(path + "?to=" + day(2))));
        assertEquals(0, CITAS.number("select count(*) from date_overrides where resource_id = ?", bookable.resourceId()));
    }

    // --- range availability

    @Test
    void aRangeIsTheDatesSlotsInTheOneDayOrderInTheSameStatements() {
        Bookable bookable = catalog.bookable();
        long second = catalog.resource(Fixtures.unique("Second chair"), "STAFF");
        long service = catalog.service(Fixtures.unique("Shared cut"), 30, "25.00", null,
                List.of(bookable.resourceId(), second));
        Bookable shared = new Bookable(service, bookable.resourceId());
        CITAS.customer().post("/appointments", Fixtures.booking(shared, Fixtures.madrid(2, "10:00")));
        staff.put("/resources/" + second + "/date-overrides/" + day(3), Map.of("periods", List.of()));
        staff.post("/resources/" + bookable.resourceId() + "/time-off",
                timeOff(Fixtures.madrid(4, "00:00"), Fixtures.madrid(5, "12:00"), null));

        String base = "/services/" + service + "/availability";
        CITAS.api().get(base + "?date=" + day(1)); // the service with its schedules is now in the catalog cache
        long before = CITAS.sqlStatements();
        Reply range = CITAS.api().get(base + "?from=" + day(1) + "&to=" + day(31));
        long rangeStatements = CITAS.sqlStatements() - before;
        assertEquals(200, range.status(), range.body());
        assertEquals(service, range.json().get("serviceId").asLong());
        assertEquals(day(1).toString(), range.json().get("from").asText());
        assertEquals(day(31).toString(), range.json().get("to").asText());
        assertTrue(range.json().get("date") == null, range.body().substring(0, 100));

        List<JsonNode> dayByDay = new ArrayList<>();
        long oneDayStatements = 0;
        for (int d = 1; d <= 31; d++) {
            before = CITAS.sqlStatements();
            Reply one = CITAS.api().get(base + "?date=" + day(d));
            oneDayStatements = CITAS.sqlStatements() - before;
            assertEquals(day(d).toString(), one.json().get("date").asText());
            one.json().get("slots").forEach(dayByDay::add);
        }
        List<JsonNode> slots = new ArrayList<>();
        range.json().get("slots").forEach(slots::add);
        assertEquals(dayByDay, slots, "the range is the days' slots, in the same shape and order");
        assertEquals(oneDayStatements, rangeStatements, "a month costs the statements of one day");
        assertEquals(1, rangeStatements, "the appointments (the service and its schedules are cached)");

        Reply one = CITAS.api().get(base + "?from=" + day(2) + "&to=" + day(2) + "&resourceId=" + second);
        assertTrue(one.json().get("slots").findValuesAsText("resourceId").stream().allMatch(id -> id.equals("" + second)));
        assertEquals(starts(CITAS.api().get(base + "?date=" + day(2) + "&resourceId=" + second)), starts(one));
    }

    @Test
    void rangeBoundsAreValidated() {
        Bookable bookable = catalog.bookable();
        String base = "/services/" + bookable.serviceId() + "/availability";
        assertEquals(200, CITAS.api().get(base + "?from=" + day(0) + "&to=" + day(30)).status(), "31 days");
        Reply tooLong = CITAS.api().get(base + "?from=" + day(0) + "&to=" + day(31));
        assertEquals(400, tooLong.status(), tooLong.body());
        assertEquals("to", field(tooLong));
        assertEquals("to", field(CITAS.api().get(base + "?from=" + day(2) + "&to=" + day(1))));
        assertEquals("to", field(CITAS.api().get(base + "?from=" + day(2))));
        assertEquals("from", field(CITAS.api().get(base + "?to=" + day(2))));
        assertEquals("from", field(CITAS.api().get(base + "?from=2026-13-01&to=" + day(2))));
        assertEquals("date", field(CITAS.api().get(base + "?date=" + day(1) + "&from=" + day(1) + "&to=" + day(2))));
        assertEquals("date", field(CITAS.api().get(base)), "neither form");
        assertEquals(404, CITAS.api().get("/services/999999999/availability?from=" + day(0) + "&to=" + day(1)).status());
        Reply spanish = CITAS.api().header("Accept-Language", "es").get(base + "?from=" + day(0) + "&to=" + day(40));
        assertEquals("un intervalo abarca como mucho 31 días, ambos incluidos",
                spanish.json().get("errors").get(0).get("message").asText());
    }
}
