package app.citas.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.citas.dev.Api;
import app.citas.dev.Reply;
import app.citas.stack.StackExtension;
import app.citas.stack.TestStack;
import app.citas.testing.Fixtures;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.time.zone.ZoneOffsetTransition;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Availability and booking through the API on the next day Madrid's clocks change, whichever way they go. */
@ExtendWith(StackExtension.class)
class DaylightSavingIT {

    @Test
    void theNextMadridSwitchDayOffersSlotsOfRealDurationOnlyAtLocalTimesThatExist(TestStack stack) {
        Api staff = stack.api().as(stack.staffToken("dst-staff"));
        ZoneOffsetTransition next = Fixtures.MADRID.getRules().nextTransition(Instant.now());
        LocalDate day = next.getInstant().atZone(Fixtures.MADRID).toLocalDate();
        int weekday = day.getDayOfWeek().getValue();
        Map<String, Object> resource = new LinkedHashMap<>();
        resource.put("name", Fixtures.unique("Night desk"));
        resource.put("kind", "STAFF");
        resource.put("timezone", "Europe/Madrid");
        resource.put("workingHours", List.of(Map.of("weekday", weekday, "start", "00:00", "end", "06:00")));
        Reply created = staff.post("/resources", resource);
        assertEquals(201, created.status(), created.body());
        long resourceId = created.json().get("id").asLong();
        long serviceId = new Fixtures(staff).service(Fixtures.unique("Night check"), 30, "10.00", null, List.of(resourceId));

        Reply reply = stack.api().get("/services/" + serviceId + "/availability?date=" + day);
        assertEquals(200, reply.status(), reply.body());
        List<Instant> starts = new ArrayList<>();
        for (JsonNode slot : reply.json().get("slots")) {
            Instant start = Instant.parse(slot.get("startsAt").asText());
            assertEquals(Duration.ofMinutes(30), Duration.between(start, Instant.parse(slot.get("endsAt").asText())));
            starts.add(start);
        }
        // 00:00 to 06:00 local lasts 5 real hours in March and 7 in October: 30-minute slots every 15 minutes.
        Duration night = Duration.between(ZonedDateTime.of(day, LocalTime.MIDNIGHT, Fixtures.MADRID),
                ZonedDateTime.of(day, LocalTime.of(6, 0), Fixtures.MADRID));
        assertEquals(next.isGap() ? Duration.ofHours(5) : Duration.ofHours(7), night);
        assertEquals(next.isGap() ? 19 : 27, starts.size(), starts.toString());
        assertEquals(starts.size(), starts.stream().distinct().count(), "an instant offered twice");
        for (int i = 1; i < starts.size(); i++) {
            assertEquals(Duration.ofMinutes(15), Duration.between(starts.get(i - 1), starts.get(i)));
        }
        if (next.isGap()) {
            assertTrue(starts.stream().noneMatch(s -> s.atZone(Fixtures.MADRID).getHour() == 2), "a slot at 02:xx");
        } else {
            assertEquals(2, starts.stream().filter(s -> s.atZone(Fixtures.MADRID).toLocalTime()
                    .equals(LocalTime.of(2, 30))).count(), "02:30 happens twice and both are offered");
        }

        // The slot right after the switch books, and then is no longer offered.
        Instant afterSwitch = next.getInstant();
        Map<String, Object> booking = Map.of("serviceId", serviceId, "resourceId", resourceId,
                "startsAt", afterSwitch.toString());
        Reply booked = stack.api().as(stack.api().newCustomer(Fixtures.unique("dst"))).post("/appointments", booking);
        assertEquals(201, booked.status(), booked.body());
        Reply after = stack.api().get("/services/" + serviceId + "/availability?date=" + day);
        List<String> left = after.json().get("slots").findValuesAsText("startsAt");
        assertFalse(left.contains(afterSwitch.toString()), left.toString());
        assertEquals(starts.size() - 3, left.size(), "the booked half hour blocks its own and two overlapping starts");
    }

    /**
     * A date override on the switch day (the resource has no weekly hours at all) gives the same real-time slots as
     * weekly hours would, and a range over the switch shows them with the neighbouring days'.
     */
    @Test
    void aDateOverrideOnTheNextSwitchDayAndARangeAcrossIt(TestStack stack) {
        Api staff = stack.api().as(stack.staffToken("dst-staff"));
        ZoneOffsetTransition next = Fixtures.MADRID.getRules().nextTransition(Instant.now());
        LocalDate day = next.getInstant().atZone(Fixtures.MADRID).toLocalDate();
        Map<String, Object> resource = new LinkedHashMap<>();
        resource.put("name", Fixtures.unique("Override desk"));
        resource.put("kind", "STAFF");
        resource.put("timezone", "Europe/Madrid");
        resource.put("workingHours", List.of());
        Reply created = staff.post("/resources", resource);
        assertEquals(201, created.status(), created.body());
        long resourceId = created.json().get("id").asLong();
        long serviceId = new Fixtures(staff).service(Fixtures.unique("Override check"), 30, "10.00", null,
                List.of(resourceId));
        for (LocalDate date : List.of(day.minusDays(1), day, day.plusDays(1))) {
            Reply put = staff.put("/resources/" + resourceId + "/date-overrides/" + date,
                    Map.of("periods", List.of(Map.of("start", "00:00", "end", "06:00"))));
            assertEquals(200, put.status(), put.body());
        }

        Reply reply = stack.api().get("/services/" + serviceId + "/availability?date=" + day);
        assertEquals(200, reply.status(), reply.body());
        List<String> starts = reply.json().get("slots").findValuesAsText("startsAt");
        assertEquals(next.isGap() ? 19 : 27, starts.size(), starts.toString());
        assertEquals(starts.size(), starts.stream().distinct().count(), "an instant offered twice");

        Reply range = stack.api().get("/services/" + serviceId + "/availability?from=" + day.minusDays(1) + "&to="
                + day.plusDays(1));
        assertEquals(200, range.status(), range.body());
        List<String> all = range.json().get("slots").findValuesAsText("startsAt");
        // Six real hours the days either side (23 half-hour slots every 15 minutes), the switch day's in between.
        assertEquals(23 + starts.size() + 23, all.size(), all.toString());
        assertTrue(all.containsAll(starts));
        assertEquals(all.stream().sorted().toList(), all, "sorted by start");
    }
}
