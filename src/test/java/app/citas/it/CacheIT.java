package app.citas.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.citas.dev.Api;
import app.citas.dev.Reply;
import app.citas.stack.StackExtension;
import app.citas.stack.TestStack;
import app.citas.testing.Fixtures;
import app.citas.testing.Fixtures.Bookable;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.Jedis;

/** The catalog cache end to end: HTTP caching headers, invalidation across nodes, single flight, JMX, flush. */
@ExtendWith(StackExtension.class)
class CacheIT {

    @Test
    void catalogReadsCarryETagsAndAnswer304(TestStack stack) {
        Api staff = stack.api().as(stack.staffToken("cache-staff"));
        Bookable bookable = new Fixtures(staff).bookable();
        Reply first = stack.api().get("/services/" + bookable.serviceId());
        String etag = first.header("ETag");
        assertNotNull(etag);
        assertTrue(etag.startsWith("W/\""), "a weak ETag, so Tomcat may gzip the body: " + etag);
        assertEquals("public, max-age=60", first.header("Cache-Control"));
        Reply notModified = stack.api().header("If-None-Match", etag).get("/services/" + bookable.serviceId());
        assertEquals(304, notModified.status());
        assertEquals("", notModified.body());
        assertEquals(etag, notModified.header("ETag"));
        Reply list = stack.api().get("/services?size=5");
        assertEquals(304, stack.api().header("If-None-Match", list.header("ETag")).get("/services?size=5").status());

        staff.put("/services/" + bookable.serviceId(), Fixtures.serviceBody(Fixtures.unique("Changed"), 45, "30.00",
                null, List.of(bookable.resourceId())));
        Reply changed = stack.api().header("If-None-Match", etag).get("/services/" + bookable.serviceId());
        assertEquals(200, changed.status(), "a write changes the ETag");
        assertNotEquals(etag, changed.header("ETag"));
    }

    @Test
    void largeCatalogPagesAreGzippedForClientsThatAcceptIt(TestStack stack) {
        Api staff = stack.api().as(stack.staffToken("cache-staff"));
        Bookable bookable = new Fixtures(staff).bookable();
        for (int i = 0; i < 12; i++) {
            Map<String, Object> body = new java.util.LinkedHashMap<>(Fixtures.serviceBody(Fixtures.unique("Gz"), 30, "20.00",
                    null, List.of(bookable.resourceId())));
            body.put("description", "A long description that makes the page worth compressing. ".repeat(5));
            assertEquals(201, staff.post("/services", body).status());
        }
        Reply plain = stack.api().get("/services?size=50");
        assertTrue(plain.body().length() > 4096, "a page well above compressionMinSize");
        assertNull(plain.header("Content-Encoding"));
        Reply gzipped = stack.api().header("Accept-Encoding", "gzip").get("/services?size=50");
        assertEquals(200, gzipped.status());
        assertEquals("gzip", gzipped.header("Content-Encoding"));
        assertEquals(plain.header("ETag"), gzipped.header("ETag"), "one weak validator for both encodings");
    }

    @Test
    void aWriteOnOneNodeIsSeenByTheNextReadOnAnother(TestStack stack) throws Exception {
        Api staff = stack.api().as(stack.staffToken("cache-staff"));
        Api other = stack.secondNode();
        Bookable bookable = new Fixtures(staff).bookable();
        String path = "/services/" + bookable.serviceId();
        for (int i = 0; i < 3; i++) {
            assertEquals(200, other.get(path).status());
            assertEquals(200, stack.api().get(path).status());
        }
        for (int round = 0; round < 5; round++) {
            String name = Fixtures.unique("Renamed");
            Reply updated = staff.put(path, Fixtures.serviceBody(name, 30, "25.00", null, List.of(bookable.resourceId())));
            assertEquals(200, updated.status(), updated.body());
            assertEquals(name, other.get(path).json().get("name").asText(), "node 2 read right after node 1's write");
            assertTrue(other.get("/services?size=100&q=" + name).body().contains(name), "and so do its list pages");
        }
        // A price edit reaches the detail and the pages showing the service through their tags, and the price-sorted
        // pages through their scope, not through a clear of every list: the same freshness on the other node.
        String name = Fixtures.unique("Priced");
        assertEquals(200, staff.put(path, Fixtures.serviceBody(name, 30, "25.00", null, List.of(bookable.resourceId())))
                .status());
        String list = "/services?size=100&q=" + name;
        String byPrice = "/services?size=100&sort=-price&q=" + name;
        for (String price : List.of("26.00", "25.00", "26.00")) {
            assertEquals(200, other.get(path).status());
            assertEquals(200, other.get(list).status());
            assertEquals(200, other.get(byPrice).status());
            Reply edited = staff.put(path, Fixtures.serviceBody(name, 30, price, null, List.of(bookable.resourceId())));
            assertEquals(200, edited.status(), edited.body());
            assertEquals(price, other.get(path).json().get("price").asText(), "node 2's detail right after the edit");
            assertEquals(price, other.get(list).json().get("items").get(0).get("price").asText(), "its list page");
            assertEquals(price, other.get(byPrice).json().get("items").get(0).get("price").asText(),
                    "its price-sorted page");
        }
        // Availability reads the service with its resources through the same cache: a duration edit on node 1 shapes
        // node 2's next slots, and node 2's deactivation of the resource empties node 1's.
        String slots = "/services/" + bookable.serviceId() + "/availability?date="
                + java.time.LocalDate.now(Fixtures.MADRID).plusDays(2);
        assertEquals(30, slotMinutes(other.get(slots)));
        assertEquals(30, slotMinutes(stack.api().get(slots)));
        assertEquals(200, staff.put(path, Fixtures.serviceBody(name, 45, "26.00", null, List.of(bookable.resourceId())))
                .status());
        assertEquals(45, slotMinutes(other.get(slots)), "node 2's slots right after node 1's duration edit");
        // Time off added on node 1 empties node 2's day at once (its slots came from the cached schedules).
        java.time.LocalDate day = java.time.LocalDate.now(Fixtures.MADRID).plusDays(2);
        Reply away = staff.post("/resources/" + bookable.resourceId() + "/time-off", java.util.Map.of(
                "startsAt", day.atStartOfDay(Fixtures.MADRID).toInstant().toString(),
                "endsAt", day.plusDays(1).atStartOfDay(Fixtures.MADRID).toInstant().toString()));
        assertEquals(201, away.status(), away.body());
        assertEquals(0, other.get(slots).json().get("slots").size(), "node 2's slots right after node 1's time off");
        assertEquals(204, staff.delete("/resources/" + bookable.resourceId() + "/time-off/"
                + away.json().get("id").asLong()).status());
        assertEquals(45, slotMinutes(other.get(slots)), "and back right after it is removed");
        Reply deactivated = other.as(stack.staffToken("cache-staff")).delete("/resources/" + bookable.resourceId());
        assertEquals(204, deactivated.status());
        assertEquals(0, stack.api().get(slots).json().get("slots").size(), "node 1's slots right after node 2's write");
        assertEquals(0, stack.api().get(path).json().get("resources").size(), "node 1 sees node 2's write");
        assertEquals(0, stack.api().get(list).json().get("items").get(0).get("resources").size(),
                "in its list pages too");
    }

    /** The length of a day's first slot; fails when the day has none. */
    private static long slotMinutes(Reply availability) {
        assertEquals(200, availability.status(), availability.body());
        var first = availability.json().get("slots").get(0);
        return java.time.Duration.between(java.time.Instant.parse(first.get("startsAt").asText()),
                java.time.Instant.parse(first.get("endsAt").asText())).toMinutes();
    }

    @Test
    void concurrentMissesOnOneKeyLoadOnce(TestStack stack) throws Exception {
        Api staff = stack.api().as(stack.staffToken("cache-staff"));
        Bookable bookable = new Fixtures(staff).bookable();
        stack.jmxInvoke("citas:type=CacheManager", "clearAll");
        String path = "/services/" + bookable.serviceId();
        long hitsBefore = (Long) stack.jmxAttribute("citas:type=Cache,name=services", "Hits");
        long before = stack.sqlStatements();
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Callable<Integer>> reads = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                reads.add(() -> stack.api().get(path).status());
            }
            for (Future<Integer> status : pool.invokeAll(reads)) {
                assertEquals(200, status.get());
            }
        } finally {
            pool.shutdownNow();
        }
        long statements = stack.sqlStatements() - before;
        assertEquals(1, statements, "one detail load (one statement) for 32 concurrent cold reads");
        long hits = (Long) stack.jmxAttribute("citas:type=Cache,name=services", "Hits") - hitsBefore;
        assertTrue(hits >= 1, "later reads are hits: " + hits);
        assertTrue((Boolean) stack.jmxAttribute("citas:type=Cache,name=services", "RedisReachable"));
        assertEquals(300L, stack.jmxAttribute("citas:type=Cache,name=services", "TimeToLiveSeconds"));
    }

    @Test
    void flushScriptRemovesOnlyCacheKeys(TestStack stack) throws Exception {
        stack.api().get("/services?size=3");
        stack.api().get("/resources?size=3");
        stack.api().get("/categories");
        ProcessBuilder flush = new ProcessBuilder("bash", "scripts/cache-flush.sh").redirectErrorStream(true);
        flush.environment().putAll(stack.environment());
        Process process = flush.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor(), output);
        String prefix = stack.environment().get("CITAS_REDIS_KEY_PREFIX");
        assertTrue(output.matches("(?s).*Removed [1-9]\\d* cache keys matching " + Pattern.quote("'" + prefix + "cache:*'")
                + ".*"), output);
        try (Jedis redis = new Jedis(URI.create(stack.environment().get("CITAS_REDIS_URL")))) {
            assertTrue(redis.keys(prefix + "cache:*").stream().allMatch(key -> key.endsWith(":gen")),
                    "only the region generations remain, advanced");
            assertFalse(redis.keys(prefix + "quota:*").isEmpty(), "quota buckets survive a cache flush");
        }
        long before = stack.sqlStatements();
        stack.api().get("/categories");
        assertTrue(stack.sqlStatements() > before, "after a flush the next read goes to the database");
        assertEquals(200, stack.api().get("/health").status());
    }
}
