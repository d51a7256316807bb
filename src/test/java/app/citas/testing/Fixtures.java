package app.citas.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import app.citas.dev.ApiClient;
import app.citas.dev.Reply;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Catalog data made through the API as staff, for both tiers: the end-to-end tests (app.citas.it, the HTTP client)
 * and the in-process ones (app.citas.inprocess); names are unique per call so tests never collide.
 */
public final class Fixtures {
    public static final ZoneId MADRID = ZoneId.of("Europe/Madrid");
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private final ApiClient staff;

    public Fixtures(ApiClient staff) {
        this.staff = staff;
    }

    /** A name no other test (nor another test JVM on the same servers) uses. */
    public static String unique(String prefix) {
        return prefix + "-" + ProcessHandle.current().pid() + "-" + SEQUENCE.incrementAndGet();
    }

    /** Every day 09:00-13:00 and 14:00-18:00. */
    public static List<Map<String, Object>> allWeekHours() {
        List<Map<String, Object>> hours = new ArrayList<>();
        for (int day = 1; day <= 7; day++) {
            hours.add(Map.of("weekday", day, "start", "09:00", "end", "13:00"));
            hours.add(Map.of("weekday", day, "start", "14:00", "end", "18:00"));
        }
        return hours;
    }

    public long category(String name) {
        Reply reply = staff.post("/categories", Map.of("name", name));
        assertEquals(201, reply.status(), reply.body());
        return reply.json().get("id").asLong();
    }

    public static Map<String, Object> resourceBody(String name, String kind) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("kind", kind);
        body.put("description", "test resource");
        body.put("timezone", "Europe/Madrid");
        body.put("active", true);
        body.put("serviceIds", List.of());
        body.put("workingHours", allWeekHours());
        return body;
    }

    public long resource(String name, String kind) {
        Reply reply = staff.post("/resources", resourceBody(name, kind));
        assertEquals(201, reply.status(), reply.body());
        return reply.json().get("id").asLong();
    }

    public static Map<String, Object> serviceBody(String name, int minutes, String price, Long categoryId,
                                                  List<Long> resourceIds) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("description", "test service");
        body.put("durationMinutes", minutes);
        body.put("price", price);
        body.put("currency", "EUR");
        body.put("categoryId", categoryId);
        body.put("resourceIds", resourceIds);
        body.put("active", true);
        return body;
    }

    public long service(String name, int minutes, String price, Long categoryId, List<Long> resourceIds) {
        Reply reply = staff.post("/services", serviceBody(name, minutes, price, categoryId, resourceIds));
        assertEquals(201, reply.status(), reply.body());
        return reply.json().get("id").asLong();
    }

    /** A resource and a 30-minute service it offers. */
    public record Bookable(long serviceId, long resourceId) {
    }

    public Bookable bookable() {
        long resource = resource(unique("Chair"), "STAFF");
        long service = service(unique("Cut"), 30, "25.00", null, List.of(resource));
        return new Bookable(service, resource);
    }

    /** An instant at a local Madrid time some days ahead. */
    public static String madrid(int daysAhead, String time) {
        return ZonedDateTime.of(LocalDate.now(MADRID).plusDays(daysAhead), LocalTime.parse(time), MADRID)
                .toInstant().toString();
    }

    public static Map<String, Object> booking(Bookable bookable, String startsAt) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("serviceId", bookable.serviceId());
        body.put("resourceId", bookable.resourceId());
        body.put("startsAt", startsAt);
        return body;
    }
}
