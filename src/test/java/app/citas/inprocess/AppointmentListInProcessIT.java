package app.citas.inprocess;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.citas.dev.Reply;
import app.citas.testing.Api;
import app.citas.testing.CitasExtension;
import app.citas.testing.Fixtures.Bookable;
import app.citas.testing.Fixtures;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * GET /appointments at scale, with a count bound of 5 instead of 1000: offset pages and their bounded totals, keyset
 * pages walked through their next links (body and RFC 8288 Link header), malformed cursors, and the statements
 * each kind of page costs.
 *
 * <p>The data: two resources, A and B; two customers each book one of them at the same ten times (days 1 to 5,
 * 09:00 and 10:00), so every start is shared by two appointments and only the id orders them; a third customer
 * books A once more (day 1, 11:00). 21 appointments, 11 of them A's.
 */
class AppointmentListInProcessIT {
    private static final int BOUND = 5;
    @RegisterExtension
    static final CitasExtension CITAS = new CitasExtension(Map.of("CITAS_APPOINTMENTS_COUNT_LIMIT", String.valueOf(BOUND)));
    private static final String LINK_BASE = "http://localhost/citas/api/v1";
    private static Api staff;
    private static Api first;
    private static Api third;
    private static Bookable a;

    @BeforeAll
    static void appointments() {
        staff = CITAS.staff();
        Fixtures catalog = new Fixtures(staff);
        a = catalog.bookable();
        Bookable b = catalog.bookable();
        first = CITAS.customer();
        Api second = CITAS.customer();
        third = CITAS.customer();
        for (int day = 1; day <= 5; day++) {
            for (String time : List.of("09:00", "10:00")) {
                book(first, a, day, time);
                book(second, b, day, time);
            }
        }
        book(third, a, 1, "11:00");
        assertEquals(21, CITAS.number("select count(*) from appointments"));
    }

    private static void book(Api customer, Bookable bookable, int day, String time) {
        Reply booked = customer.post("/appointments", Fixtures.booking(bookable, Fixtures.madrid(day, time)));
        assertEquals(201, booked.status(), booked.body());
    }

    /** Appointment ids in the list's order, straight from the table. */
    private static List<Long> idsInOrder(String where, Object... parameters) {
        try (Connection c = CITAS.jdbc(); PreparedStatement s = c.prepareStatement(
                "select id from appointments where " + where + " order by starts_at, id")) {
            for (int i = 0; i < parameters.length; i++) {
                s.setObject(i + 1, parameters[i]);
            }
            List<Long> ids = new ArrayList<>();
            try (ResultSet rows = s.executeQuery()) {
                while (rows.next()) {
                    ids.add(rows.getLong(1));
                }
            }
            return ids;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<Long> ids(JsonNode page) {
        List<Long> ids = new ArrayList<>();
        page.get("items").forEach(item -> ids.add(item.get("id").asLong()));
        return ids;
    }

    private static Reply ok(Api api, String path) {
        Reply reply = api.get(path);
        assertEquals(200, reply.status(), path + ": " + reply.body());
        return reply;
    }

    /**
     * Follows next links from the first request to the end; checks every page's size, the Link header against the
     * body's next, that keyset pages carry no count, and that the link keeps the filters and size. Returns the ids.
     */
    private static List<Long> walk(Api api, String firstPath, int size, String... keptParameters) {
        List<Long> seen = new ArrayList<>();
        String path = firstPath;
        for (int pages = 0; path != null; pages++) {
            assertTrue(pages < 100, "no end in sight: " + seen);
            Reply reply = ok(api, path);
            JsonNode body = reply.json();
            List<Long> ids = ids(body);
            assertTrue(ids.size() <= size, path + " returned " + ids.size());
            seen.addAll(ids);
            assertEquals(size, body.get("size").asInt());
            if (path.contains("after=")) {
                assertFalse(body.has("page") || body.has("total") || body.has("totalExact"),
                        "a keyset page is never counted: " + reply.body());
            }
            JsonNode next = body.get("next");
            assertTrue(body.has("next"), "next is always there, null at the end: " + reply.body());
            if (next.isNull()) {
                assertNull(reply.header("Link"), "no Link header on the last page");
                path = null;
            } else {
                assertEquals(size, ids.size(), "only full pages have a successor");
                String link = next.asText();
                assertEquals("<" + link + ">; rel=\"next\"", reply.header("Link"));
                assertTrue(link.startsWith(LINK_BASE + "/appointments?"), link);
                assertTrue(link.contains("size=" + size), link);
                assertFalse(link.contains("page="), link);
                for (String kept : keptParameters) {
                    assertTrue(link.contains(kept), kept + " kept in " + link);
                }
                path = link.substring(LINK_BASE.length());
            }
        }
        assertEquals(seen.size(), new HashSet<>(seen).size(), "no appointment twice: " + seen);
        return seen;
    }

    /** The same list through page=1, 2, … until an empty page. */
    private static List<Long> byPageNumbers(Api api, String path, int size) {
        List<Long> seen = new ArrayList<>();
        for (int page = 1; ; page++) {
            List<Long> ids = ids(ok(api, path + (path.contains("?") ? "&" : "?") + "page=" + page + "&size=" + size)
                    .json());
            if (ids.isEmpty()) {
                return seen;
            }
            seen.addAll(ids);
        }
    }

    @Test
    void nextLinksWalkTheWholeListWithoutGapsOrDuplicates() {
        List<Long> all = idsInOrder("true");
        assertEquals(all, walk(staff, "/appointments?size=3", 3));
        assertEquals(all, walk(staff, "/appointments?size=4&page=1", 4), "from an offset page too");
        assertEquals(all, byPageNumbers(staff, "/appointments", 3), "page/size still pages as before");
        assertEquals(all, walk(staff, "/appointments?size=21", 21), "one page, no next");
        assertEquals(all.subList(0, 20), walk(staff, "/appointments?size=20&page=1", 20).subList(0, 20));
    }

    @Test
    void nextLinksKeepTheFilters() {
        String from = Fixtures.madrid(2, "00:00");
        String to = Fixtures.madrid(5, "00:00");
        List<Long> aInRange = idsInOrder("resource_id = ? and starts_at >= ?::timestamptz and starts_at < ?::timestamptz",
                a.resourceId(), from, to);
        assertEquals(6, aInRange.size());
        String path = "/appointments?resourceId=" + a.resourceId() + "&from=" + from + "&to=" + to
                + "&status=CONFIRMED&size=4";
        assertEquals(aInRange, walk(staff, path, 4, "resourceId=" + a.resourceId(), "from=" + from, "to=" + to,
                "status=CONFIRMED"));
        assertEquals(aInRange, byPageNumbers(staff, path.replace("&size=4", ""), 4));
    }

    @Test
    void aCustomerWalksOnlyTheirOwnList() {
        List<Long> own = walk(first, "/appointments?size=3", 3);
        assertEquals(10, own.size());
        assertEquals(byPageNumbers(first, "/appointments", 3), own);
        Reply firstPage = ok(first, "/appointments?size=3");
        assertFalse(firstPage.json().get("next").asText().contains("customerId"),
                "the caller's scope is not a parameter of the link");
        // Another customer following that link sees their own appointments after that position, nothing of the first's.
        String link = firstPage.json().get("next").asText().substring(LINK_BASE.length());
        List<Long> thirds = ids(ok(third, link).json());
        assertTrue(thirds.stream().noneMatch(own::contains), thirds.toString());
    }

    @Test
    void totalsAreExactUpToTheBoundAndLowerBoundsBeyondIt() {
        JsonNode unfiltered = ok(staff, "/appointments?size=2").json();
        assertEquals(BOUND, unfiltered.get("total").asLong(), "21 match: at least 5");
        assertFalse(unfiltered.get("totalExact").asBoolean());
        assertEquals(1, unfiltered.get("page").asInt());

        JsonNode deep = ok(staff, "/appointments?size=2&page=4").json();
        assertEquals(9, deep.get("total").asLong(), "the page itself proves 6 + 2 + 1 rows");
        assertFalse(deep.get("totalExact").asBoolean());

        JsonNode last = ok(staff, "/appointments?size=4&page=6").json();
        assertEquals(21, last.get("total").asLong(), "the last page shows where the list ends: exact, beyond the bound");
        assertTrue(last.get("totalExact").asBoolean());
        assertEquals(1, last.get("items").size());

        String firstTwoDaysOfA = "/appointments?resourceId=" + a.resourceId() + "&to=" + Fixtures.madrid(3, "00:00");
        JsonNode atTheBound = ok(staff, firstTwoDaysOfA + "&size=2").json();
        assertEquals(5, atTheBound.get("total").asLong(), "5 match, counted: exact at the bound");
        assertTrue(atTheBound.get("totalExact").asBoolean());

        JsonNode pastTheEnd = ok(staff, firstTwoDaysOfA + "&size=2&page=9").json();
        assertEquals(0, pastTheEnd.get("items").size());
        assertEquals(5, pastTheEnd.get("total").asLong());
        assertTrue(pastTheEnd.get("totalExact").asBoolean());
        assertTrue(pastTheEnd.get("next").isNull());

        JsonNode pastTheEndOfAll = ok(staff, "/appointments?size=2&page=50").json();
        assertEquals(BOUND, pastTheEndOfAll.get("total").asLong());
        assertFalse(pastTheEndOfAll.get("totalExact").asBoolean());

        JsonNode single = ok(third, "/appointments").json();
        assertEquals(1, single.get("total").asLong());
        assertTrue(single.get("totalExact").asBoolean());
        assertTrue(single.get("next").isNull());
        JsonNode none = ok(CITAS.customer(), "/appointments").json();
        assertEquals(0, none.get("total").asLong());
        assertTrue(none.get("totalExact").asBoolean());
    }

    private static String base64url(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static void assertProblemNaming(Reply reply, String field) {
        assertEquals(400, reply.status(), reply.body());
        assertEquals("application/problem+json", reply.contentType());
        JsonNode errors = reply.json().get("errors");
        assertEquals(1, errors.size(), reply.body());
        assertEquals(field, errors.get(0).get("field").asText(), reply.body());
    }

    @Test
    void malformedCursorsAre400ProblemsNamingAfter() {
        for (String after : List.of("garbage!", "", "%3D%3D", base64url("2026-03-01T09:00:00Z"),
                base64url("2026-03-01T09:00:00Z|0"), base64url("tomorrow|12"), base64url("2026-03-01T09:00:00Z|12") + "==",
                "A".repeat(500))) {
            Reply reply = staff.get("/appointments?after=" + after);
            assertProblemNaming(reply, "after");
            assertFalse(reply.body().contains("Exception") || reply.body().contains("select"), reply.body());
        }
        String valid = ok(staff, "/appointments?size=2").json().get("next").asText();
        String cursor = valid.substring(valid.indexOf("after=") + "after=".length());
        assertProblemNaming(staff.get("/appointments?page=1&after=" + cursor), "after");
        assertProblemNaming(staff.get("/appointments?page=2&size=2&after=" + cursor), "after");
        assertProblemNaming(staff.get("/appointments?size=0&after=" + cursor), "size");
        // A well-formed cursor is only a position: one past every appointment is an empty last page.
        JsonNode beyond = ok(staff, "/appointments?after=" + base64url("9999-01-01T00:00:00Z|1")).json();
        assertEquals(0, beyond.get("items").size());
        assertTrue(beyond.get("next").isNull());
    }

    @Test
    void theContractDescribesPagingTheLinkHeaderAndTheNewFields() {
        JsonNode api = ok(CITAS.api(), "/openapi.json").json();
        JsonNode list = api.get("paths").get("/appointments").get("get");
        List<String> parameters = new ArrayList<>();
        list.get("parameters").forEach(p -> {
            parameters.add(p.get("name").asText());
            assertFalse(p.path("description").asText().isBlank(), p.toString());
        });
        assertTrue(parameters.containsAll(List.of("from", "to", "status", "resourceId", "serviceId", "customerId",
                "page", "size", "after")), parameters.toString());
        JsonNode ok = list.get("responses").get("200");
        assertTrue(ok.get("headers").has("Link"), ok.toString());
        String schema = ok.get("content").get("application/json").get("schema").get("$ref").asText();
        JsonNode page = api.get("components").get("schemas").get(schema.substring(schema.lastIndexOf('/') + 1));
        for (String field : List.of("items", "page", "size", "total", "totalExact", "next")) {
            assertTrue(page.get("properties").has(field), field + " in " + page);
        }
    }

    private static long statements(Api api, String path) {
        long before = CITAS.sqlStatements();
        ok(api, path);
        return CITAS.sqlStatements() - before;
    }

    @Test
    void statementsPerPage() {
        ok(third, "/me"); // every caller's token is warm: the node's near cache answers for it, no lookup
        // One statement: the page with its service, resource and customer (joined from the views the catalog and
        // account features publish) and, when the page could need it, its bounded count.
        assertEquals(1, statements(staff, "/appointments?size=2"), "a full offset page, counted");
        assertEquals(1, statements(staff, "/appointments?size=4"), "a full offset page proving 5 rows: counted");
        // No count: the page shows where the list ends, or proves more rows than the bound.
        assertEquals(1, statements(staff, "/appointments?size=4&page=6"), "the last page");
        assertEquals(1, statements(staff, "/appointments?size=2&page=4"), "a page past the bound");
        assertEquals(1, statements(third, "/appointments"), "a customer's single page");
        // Only an empty page past the end of the list counts in a statement of its own.
        String firstTwoDaysOfA = "/appointments?resourceId=" + a.resourceId() + "&to=" + Fixtures.madrid(3, "00:00");
        assertEquals(2, statements(staff, firstTwoDaysOfA + "&size=2&page=9"), "an empty page past the end");
        // Keyset pages are never counted.
        String next = ok(staff, "/appointments?size=3").json().get("next").asText().substring(LINK_BASE.length());
        assertEquals(1, statements(staff, next), "a keyset page");
        assertEquals(1, statements(staff, "/appointments?after=" + base64url("9999-01-01T00:00:00Z|1")),
                "an empty keyset page");
    }
}
