package app.citas.inprocess;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.citas.dev.Reply;
import app.citas.testing.Api;
import app.citas.testing.CitasExtension;
import app.citas.testing.Fixtures;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The catalog cache's invalidation through the real filters, Jersey, PostgreSQL and Redis: after each kind of write
 * every read it can change is loaded again (and fresh), every other read is still a hit (the regions' Hits and Misses
 * counters), and a write that changes nothing leaves every entry a hit.
 */
class CatalogCacheInProcessIT {
    @RegisterExtension
    static final CitasExtension CITAS = new CitasExtension();
    private static final java.time.LocalDate MONDAY = java.time.LocalDate.now(java.time.ZoneOffset.UTC).plusDays(3)
            .with(java.time.temporal.TemporalAdjusters.next(java.time.DayOfWeek.MONDAY));
    private static Api staff;
    private static Fixtures fixtures;

    @BeforeAll
    static void staff() {
        staff = CITAS.staff();
        fixtures = new Fixtures(staff);
    }

    /** One test's own catalog: category C holds S1; R1 offers S1, R2 offers S2. */
    private record World(String tag, long category, long r1, long r2, long s1, long s2) {
        Map<String, String> reads() {
            Map<String, String> reads = new LinkedHashMap<>();
            reads.put("S1", "/services/" + s1);
            reads.put("S2", "/services/" + s2);
            reads.put("services page", "/services?size=20&q=" + tag);
            reads.put("services page of S2 only", "/services?size=20&q=" + tag + "%20S2");
            reads.put("services page by price", "/services?size=20&sort=price&q=" + tag);
            reads.put("services page of C", "/services?size=20&category=" + category);
            reads.put("R1", "/resources/" + r1);
            reads.put("R2", "/resources/" + r2);
            reads.put("resources page", "/resources?size=20&q=" + tag);
            reads.put("resources offering S1", "/resources?serviceId=" + s1);
            reads.put("resources offering S2", "/resources?serviceId=" + s2);
            reads.put("categories", "/categories?size=100");
            // Availability reads each service with its resources (hours, zone, rules) through the services region.
            reads.put("S1 slots", "/services/" + s1 + "/availability?date=" + MONDAY);
            reads.put("S2 slots", "/services/" + s2 + "/availability?date=" + MONDAY);
            return reads;
        }
    }

    private static World world() {
        String tag = CitasExtension.unique("Inv") + "x";
        long category = fixtures.category(tag + " C");
        long r1 = fixtures.resource(tag + " R1", "STAFF");
        long r2 = fixtures.resource(tag + " R2", "ROOM");
        long s1 = fixtures.service(tag + " S1", 30, "20.00", category, List.of(r1));
        long s2 = fixtures.service(tag + " S2", 45, "30.00", null, List.of(r2));
        World world = new World(tag, category, r1, r2, s1, s2);
        misses(world);
        assertEquals(Set.of(), misses(world), "every read is cached");
        return world;
    }

    private static String region(String path) {
        return path.substring(1).split("[/?]")[0];
    }

    /** Reads every read of the world once; the names of those that were misses. */
    private static Set<String> misses(World world) {
        Set<String> misses = new TreeSet<>();
        world.reads().forEach((name, path) -> {
            long hits = CITAS.cacheCounter(region(path), "Hits");
            long before = CITAS.cacheCounter(region(path), "Misses");
            Reply reply = CITAS.api().get(path);
            assertEquals(200, reply.status(), path + " " + reply.body());
            long missed = CITAS.cacheCounter(region(path), "Misses") - before;
            assertEquals(1, missed + CITAS.cacheCounter(region(path), "Hits") - hits, "one lookup for " + path);
            if (missed == 1) {
                misses.add(name);
            }
        });
        return misses;
    }

    @Test
    void aHitAnswersTheMissesBytesAndETagFromTheNodesCopyAnd304StillWorks() {
        World world = world(); // every read loaded, stored and read once again from Redis
        world.reads().forEach((name, path) -> {
            long copies = CITAS.cacheCounter(region(path), "CopiesServed");
            Reply first = CITAS.api().get(path);
            Reply again = CITAS.api().get(path);
            assertEquals(first.body(), again.body(), name);
            assertEquals(first.header("ETag"), again.header("ETag"), name);
            assertEquals(2, CITAS.cacheCounter(region(path), "CopiesServed") - copies, name + ": served from the copy");
            if (name.endsWith("slots")) {
                return; // availability is computed per request from the cached service: no ETag of its own
            }
            Reply notModified = CITAS.api().header("If-None-Match", again.header("ETag")).get(path);
            assertEquals(304, notModified.status(), name);
            assertEquals("", notModified.body(), name);
        });
        // A miss (after a write) and the hits after it answer the same bytes as a fresh load.
        Reply before = CITAS.api().get("/services/" + world.s1());
        ok(staff.put("/services/" + world.s1(), Fixtures.serviceBody(world.tag() + " S1", 30, "21.00",
                world.category(), List.of(world.r1()))));
        Reply miss = CITAS.api().get("/services/" + world.s1());
        Reply hit = CITAS.api().get("/services/" + world.s1());
        assertTrue(miss.body().contains("21.00"), miss.body());
        assertEquals(miss.body(), hit.body());
        assertEquals(miss.header("ETag"), hit.header("ETag"));
        assertTrue(!before.header("ETag").equals(hit.header("ETag")), "a new body, a new ETag");
    }

    private static Map<String, Object> resourceBody(String name, String kind, List<Long> services) {
        Map<String, Object> body = Fixtures.resourceBody(name, kind);
        body.put("serviceIds", services);
        return body;
    }

    private static List<Long> ids(Reply reply) {
        List<Long> ids = new ArrayList<>();
        reply.json().get("items").forEach(item -> ids.add(item.get("id").asLong()));
        return ids;
    }

    private static void ok(Reply reply) {
        assertTrue(reply.status() == 200 || reply.status() == 204, reply.status() + " " + reply.body());
    }

    @Test
    void aPriceEditReloadsTheServiceThePagesShowingItAndThePriceSortedPages() {
        World w = world();
        ok(staff.put("/services/" + w.s1(), Fixtures.serviceBody(w.tag() + " S1", 30, "40.00", w.category(),
                List.of(w.r1()))));
        assertEquals(Set.of("S1", "services page", "services page by price", "services page of C", "S1 slots"),
                misses(w));
        assertEquals("40.00", CITAS.api().get("/services/" + w.s1()).json().get("price").asText());
        assertEquals(List.of(w.s2(), w.s1()), ids(CITAS.api().get(w.reads().get("services page by price"))),
                "S1 now costs more than S2");
    }

    @Test
    void aResourceRenameReloadsTheResourceListsAndTheServicesShowingIt() {
        World w = world();
        ok(staff.put("/resources/" + w.r1(), resourceBody(w.tag() + " R1 renamed", "STAFF", List.of(w.s1()))));
        assertEquals(Set.of("R1", "resources page", "resources offering S1", "resources offering S2", "S1",
                "services page", "services page by price", "services page of C", "S1 slots"), misses(w));
        assertEquals(w.tag() + " R1 renamed",
                CITAS.api().get("/services/" + w.s1()).json().get("resources").get(0).get("name").asText());
    }

    @Test
    void workingHoursReloadOnlyTheResource() {
        World w = world();
        Map<String, Object> body = resourceBody(w.tag() + " R2", "ROOM", List.of(w.s2()));
        body.put("workingHours", List.of(Map.of("weekday", 1, "start", "10:00", "end", "12:00")));
        ok(staff.put("/resources/" + w.r2(), body));
        assertEquals(Set.of("R2", "resources page", "resources offering S2", "S2 slots"), misses(w));
        assertEquals(1, CITAS.api().get("/resources/" + w.r2()).json().get("workingHours").size());
        List<String> starts = new ArrayList<>();
        CITAS.api().get(w.reads().get("S2 slots")).json().get("slots").forEach(slot -> starts.add(
                java.time.Instant.parse(slot.get("startsAt").asText()).atZone(java.time.ZoneId.of("Europe/Madrid"))
                        .toLocalTime().toString()));
        assertEquals(List.of("10:00", "10:15", "10:30", "10:45", "11:00", "11:15"), starts,
                "the 45-minute service's slots within the new hours, at once");
    }

    @Test
    void timeOffAndDateOverridesReloadOnlyTheAvailabilityOfTheirResourcesServices() {
        World w = world();
        java.time.ZoneId madrid = java.time.ZoneId.of("Europe/Madrid");
        String startsAt = MONDAY.atTime(9, 0).atZone(madrid).toInstant().toString();
        String endsAt = MONDAY.atTime(13, 0).atZone(madrid).toInstant().toString();
        Reply added = staff.post("/resources/" + w.r1() + "/time-off", Map.of("startsAt", startsAt, "endsAt", endsAt));
        assertEquals(201, added.status(), added.body());
        assertEquals(Set.of("S1 slots"), misses(w));
        assertEquals("14:00", slotStarts(w.reads().get("S1 slots")).get(0), "no slot in the new time off, at once");
        ok(staff.delete("/resources/" + w.r1() + "/time-off/" + added.json().get("id").asLong()));
        assertEquals(Set.of("S1 slots"), misses(w));
        assertTrue(slotStarts(w.reads().get("S1 slots")).contains("09:00"), "the morning free again, at once");

        ok(staff.put("/resources/" + w.r2() + "/date-overrides/" + MONDAY,
                Map.of("periods", List.of(Map.of("start", "16:00", "end", "17:00")))));
        assertEquals(Set.of("S2 slots"), misses(w));
        assertEquals(List.of("16:00", "16:15"), slotStarts(w.reads().get("S2 slots")), "the override's hours, at once");
        ok(staff.delete("/resources/" + w.r2() + "/date-overrides/" + MONDAY));
        assertEquals(Set.of("S2 slots"), misses(w));
    }

    /** The local (Madrid) start times of a day's slots. */
    private static List<String> slotStarts(String path) {
        List<String> starts = new ArrayList<>();
        CITAS.api().get(path).json().get("slots").forEach(slot -> starts.add(
                java.time.Instant.parse(slot.get("startsAt").asText()).atZone(java.time.ZoneId.of("Europe/Madrid"))
                        .toLocalTime().toString()));
        return starts;
    }

    @Test
    void linkingAServiceReloadsBothSidesOfTheLink() {
        World w = world();
        ok(staff.put("/services/" + w.s2(), Fixtures.serviceBody(w.tag() + " S2", 45, "30.00", null,
                List.of(w.r1(), w.r2()))));
        assertEquals(Set.of("S2", "services page", "services page of S2 only", "services page by price", "R1", "R2",
                "resources page", "resources offering S1", "resources offering S2", "S2 slots", "S1 slots"), misses(w));
        Set<Long> offering = new TreeSet<>();
        CITAS.api().get(w.reads().get("S2 slots")).json().get("slots")
                .forEach(slot -> offering.add(slot.get("resourceId").asLong()));
        assertEquals(new TreeSet<>(List.of(w.r1(), w.r2())), offering, "both resources' slots, at once");
        assertTrue(ids(CITAS.api().get("/resources?serviceId=" + w.s2())).contains(w.r1()));
        assertEquals(2, CITAS.api().get("/resources/" + w.r1()).json().get("services").size());
    }

    @Test
    void aCategoryRenameReloadsTheCategoryPagesAndTheServicesInIt() {
        World w = world();
        ok(staff.put("/categories/" + w.category(), Map.of("name", w.tag() + " C renamed")));
        assertEquals(Set.of("categories", "S1", "services page", "services page by price", "services page of C"),
                misses(w));
        assertEquals(w.tag() + " C renamed",
                CITAS.api().get("/services/" + w.s1()).json().get("category").get("name").asText());
    }

    @Test
    void aDeactivationReloadsEveryServiceListAndTheResourcesOfferingIt() {
        World w = world();
        ok(staff.delete("/services/" + w.s1()));
        assertEquals(Set.of("S1", "services page", "services page of S2 only", "services page by price",
                "services page of C", "R1", "resources page", "resources offering S1", "S1 slots"), misses(w));
        assertEquals(0, CITAS.api().get(w.reads().get("S1 slots")).json().get("slots").size(), "no slots, at once");
        assertFalse(ids(CITAS.api().get(w.reads().get("services page"))).contains(w.s1()));
        assertEquals(0, CITAS.api().get("/resources/" + w.r1()).json().get("services").size());
        ok(staff.delete("/services/" + w.s1()));
        assertEquals(Set.of(), misses(w), "deactivating an inactive service changes nothing");
    }

    @Test
    void writesThatChangeNothingWriteAndInvalidateNothing() {
        World w = world();
        long serviceVersion = CITAS.number("select version from services where id = ?", w.s1());
        long resourceVersion = CITAS.number("select version from resources where id = ?", w.r1());
        Reply service = staff.put("/services/" + w.s1(), Fixtures.serviceBody(w.tag() + " S1", 30, "20", w.category(),
                List.of(w.r1())));
        assertEquals(200, service.status(), service.body());
        assertEquals("20.00", service.json().get("price").asText(), "the stored state answers");
        ok(staff.put("/resources/" + w.r1(), resourceBody(w.tag() + " R1", "STAFF", List.of(w.s1()))));
        ok(staff.put("/categories/" + w.category(), Map.of("name", w.tag() + " C")));
        assertEquals(Set.of(), misses(w), "every entry is still a hit");
        assertEquals(serviceVersion, CITAS.number("select version from services where id = ?", w.s1()));
        assertEquals(resourceVersion, CITAS.number("select version from resources where id = ?", w.r1()));
    }

    @Test
    void aNewServiceAppearsInTheListsAndOnItsResources() {
        World w = world();
        long s3 = fixtures.service(w.tag() + " S3", 15, "5.00", w.category(), List.of(w.r2()));
        assertEquals(Set.of("services page", "services page of S2 only", "services page by price",
                "services page of C", "R2", "resources page", "resources offering S2", "S2 slots"), misses(w));
        assertTrue(ids(CITAS.api().get(w.reads().get("services page of C"))).contains(s3));
        assertEquals(2, CITAS.api().get("/resources/" + w.r2()).json().get("services").size());
    }
}
