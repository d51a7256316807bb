package app.citas.inprocess;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.citas.dev.Reply;
import app.citas.testing.Api;
import app.citas.testing.CitasExtension;
import app.citas.testing.Fixtures;
import app.citas.testing.Fixtures.Bookable;
import java.io.StringReader;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import net.fortuna.ical4j.data.CalendarBuilder;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.Property;
import net.fortuna.ical4j.model.component.VEvent;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Calendar feeds through the in-process API: the secret URL, the feed it serves (parsed back with ical4j),
 * revocation, who can reach what, the anonymous quota per feed, and GET /appointments/{id} as text/calendar.
 */
class CalendarFeedsInProcessIT {
    private static final int FEED_QUOTA = 8;
    @RegisterExtension
    static final CitasExtension CITAS = new CitasExtension(Map.of("CITAS_QUOTA_ANONYMOUS_PER_HOUR",
            String.valueOf(FEED_QUOTA)));
    private static Api staff;
    private static Fixtures catalog;

    @BeforeAll
    static void staff() {
        staff = CITAS.staff();
        catalog = new Fixtures(staff);
    }

    private static final java.util.concurrent.atomic.AtomicInteger ADDRESSES = new java.util.concurrent.atomic.AtomicInteger();

    /**
     * A new customer, registered from an address of its own: the anonymous quota of this class is small (so that a
     * feed's can be spent), and registering and signing in are anonymous requests.
     */
    private static Api customer() {
        return CITAS.api().as(anonymous().newCustomer(CitasExtension.unique("customer")));
    }

    /** An anonymous client at an address no other request of this class uses. */
    private static Api anonymous() {
        int n = ADDRESSES.incrementAndGet();
        return CITAS.api().from("10.2." + n / 200 + "." + n % 200);
    }

    /** The feed's path below the API root, from its absolute URL. */
    private static String path(String url) {
        return url.substring(url.indexOf("/api/v1") + "/api/v1".length());
    }

    private static String feedUrl(Api client, String path) {
        Reply reply = client.get(path);
        assertEquals(200, reply.status(), reply.body());
        String url = reply.json().get("url").asText();
        assertTrue(url.matches("https?://.+/api/v1/calendar-feeds/[A-Za-z0-9_-]{43}\\.ics"), url);
        assertEquals(url.replaceFirst("^https?:", "webcal:"), reply.json().get("webcalUrl").asText());
        return url;
    }

    private static Calendar calendar(Reply reply) throws Exception {
        assertEquals(200, reply.status(), reply.body());
        assertEquals("text/calendar; charset=utf-8", reply.header("Content-Type").toLowerCase().replace(";charset", "; charset"));
        Calendar calendar = new CalendarBuilder().build(new StringReader(reply.body()));
        if (!calendar.getComponents().isEmpty()) {
            assertFalse(calendar.validate().hasErrors(), reply.body());
        }
        return calendar;
    }

    private static List<VEvent> events(Calendar calendar) {
        return calendar.getComponents("VEVENT");
    }

    private static String value(VEvent event, String name) {
        return event.getProperty(name).map(Property::getValue).orElseThrow();
    }

    private static VEvent eventOf(Calendar calendar, long appointment) {
        return events(calendar).stream().filter(e -> value(e, "UID").startsWith("appointment-" + appointment + "@"))
                .findFirst().orElseThrow(() -> new AssertionError("no event for " + appointment));
    }

    private static long book(Api customer, Bookable bookable, String startsAt) {
        Reply booked = customer.post("/appointments", Fixtures.booking(bookable, startsAt));
        assertEquals(201, booked.status(), booked.body());
        return booked.json().get("id").asLong();
    }

    @Test
    void myFeedListsMyAppointmentsCancelledOnesAsCancelledInUtcAndTheUrlStaysTheSame() throws Exception {
        Bookable bookable = catalog.bookable();
        Api me = customer();
        Api other = customer();
        long kept = book(me, bookable, Fixtures.madrid(2, "10:00"));
        long cancelled = book(me, bookable, Fixtures.madrid(2, "11:00"));
        long theirs = book(other, bookable, Fixtures.madrid(2, "12:00"));
        assertEquals(200, me.post("/appointments/" + cancelled + "/cancel", Map.of()).status());
        long myId = me.get("/me").json().get("id").asLong();
        long old = insertPast(bookable, myId, 40);
        long recent = insertPast(bookable, myId, 20);

        String url = feedUrl(me, "/me/calendar-feed");
        assertEquals(url, feedUrl(me, "/me/calendar-feed"), "GET answers the same URL every time");

        long statements = CITAS.sqlStatements();
        Reply fetched = anonymous().get(path(url));
        assertEquals(2, CITAS.sqlStatements() - statements, "the feed by its hash, then its appointments");
        Calendar calendar = calendar(fetched);
        assertEquals("private, max-age=300", fetched.header("Cache-Control"));
        assertTrue(fetched.header("RateLimit-Policy").startsWith("\"anon\";q=" + FEED_QUOTA), fetched.headers().toString());
        List<String> uids = events(calendar).stream().map(e -> value(e, "UID")).toList();
        assertEquals(3, uids.size(), uids::toString);
        assertEquals("CONFIRMED", value(eventOf(calendar, kept), "STATUS"));
        assertEquals("CANCELLED", value(eventOf(calendar, cancelled), "STATUS"));
        assertEquals("1", value(eventOf(calendar, cancelled), "SEQUENCE"), "the cancellation is a new revision");
        eventOf(calendar, recent);
        assertTrue(uids.stream().noneMatch(uid -> uid.startsWith("appointment-" + old + "@")), "40 days back is out");
        assertTrue(uids.stream().noneMatch(uid -> uid.startsWith("appointment-" + theirs + "@")), "only mine");
        VEvent event = eventOf(calendar, kept);
        assertEquals(Instant.parse(Fixtures.madrid(2, "10:00")).toString().replace("-", "").replace(":", ""),
                value(event, "DTSTART"), "UTC");
        assertTrue(value(event, "SUMMARY").contains("Cut") && value(event, "SUMMARY").contains("Chair"),
                value(event, "SUMMARY"));

        Reply same = anonymous().header("If-None-Match", fetched.header("ETag")).get(path(url));
        assertEquals(304, same.status(), same.body());
        assertEquals("", same.body());
    }

    private static long insertPast(Bookable bookable, long customer, int daysAgo) {
        Instant start = Instant.now().minus(Duration.ofDays(daysAgo));
        CITAS.update("insert into appointments (service_id, resource_id, customer_id, starts_at, ends_at, status) "
                        + "values (?, ?, ?, ?, ?, 'COMPLETED')", bookable.serviceId(), bookable.resourceId(), customer,
                java.sql.Timestamp.from(start), java.sql.Timestamp.from(start.plus(Duration.ofMinutes(30))));
        return CITAS.number("select max(id) from appointments where customer_id = ?", customer);
    }

    @Test
    void revokingStopsTheUrlAtOnceAndTheNextGetMakesANewOne() throws Exception {
        Api me = customer();
        book(me, catalog.bookable(), Fixtures.madrid(3, "10:00"));
        String first = feedUrl(me, "/me/calendar-feed");
        calendar(anonymous().get(path(first)));

        assertEquals(204, me.delete("/me/calendar-feed").status());
        Reply gone = anonymous().get(path(first));
        assertEquals(404, gone.status(), gone.body());
        assertEquals("application/problem+json", gone.contentType());
        assertFalse(gone.body().contains(path(first).substring(16)), "the problem does not echo the secret");
        assertEquals(204, me.delete("/me/calendar-feed").status(), "revoking twice is fine");

        String second = feedUrl(me, "/me/calendar-feed");
        assertNotEquals(first, second);
        assertEquals(1, events(calendar(anonymous().get(path(second)))).size());
        assertEquals(404, anonymous().get(path(first)).status());
        assertEquals(1, CITAS.number("select count(*) from calendar_feeds where customer_id = ?",
                me.get("/me").json().get("id").asLong()));
        assertEquals(0, CITAS.number("select count(*) from calendar_feeds where secret = ?",
                path(first).substring("/calendar-feeds/".length(), path(first).length() - 4)));
    }

    @Test
    void nobodyReachesAnotherUsersFeedAndAMadeUpOrMalformedSecretIsA404WithoutSql() {
        Api mine = customer();
        Api theirs = customer();
        String myUrl = feedUrl(mine, "/me/calendar-feed");
        String theirUrl = feedUrl(theirs, "/me/calendar-feed");
        assertNotEquals(myUrl, theirUrl);
        assertEquals(401, anonymous().get("/me/calendar-feed").status());
        assertEquals(401, anonymous().delete("/me/calendar-feed").status());
        assertEquals(404, anonymous().get("/calendar-feeds/" + "A".repeat(43) + ".ics").status());
        long statements = CITAS.sqlStatements();
        for (String malformed : List.of("short.ics", "A".repeat(44) + ".ics", "A".repeat(43), "A".repeat(42) + "!.ics")) {
            Reply reply = anonymous().get("/calendar-feeds/" + malformed);
            assertEquals(404, reply.status(), malformed + ": " + reply.body());
        }
        assertEquals(statements, CITAS.sqlStatements(), "a malformed secret is refused before any SQL");
        // A customer revoking their own feed leaves everyone else's alone.
        assertEquals(204, theirs.delete("/me/calendar-feed").status());
        assertEquals(200, anonymous().get(path(myUrl)).status());
    }

    @Test
    void aResourcesFeedIsStaffsAndShowsEveryCustomersAppointmentWithTheirName() throws Exception {
        Bookable bookable = catalog.bookable();
        Api customer = customer();
        long booked = book(customer, bookable, Fixtures.madrid(4, "10:00"));
        String path = "/resources/" + bookable.resourceId() + "/calendar-feed";
        assertEquals(403, customer.get(path).status());
        assertEquals(401, anonymous().get(path).status());
        assertEquals(404, staff.get("/resources/999999999/calendar-feed").status());
        String url = feedUrl(staff, path);
        assertEquals(url, feedUrl(CITAS.api().as(CITAS.staffToken("other-staff")), path), "one feed per resource");
        Calendar calendar = calendar(anonymous().get(path(url)));
        assertEquals(1, events(calendar).size());
        String fullName = customer.get("/me").json().get("fullName").asText();
        assertTrue(value(eventOf(calendar, booked), "DESCRIPTION").contains("Customer: " + fullName));
        assertTrue(calendar.getProperty("X-WR-CALNAME").orElseThrow().getValue().startsWith("Citas: Chair"));
        assertEquals(403, customer.delete(path).status());
        assertEquals(204, staff.delete(path).status());
        assertEquals(404, anonymous().get(path(url)).status());
    }

    @Test
    void aFeedIsChargedAsAnAnonymousCallerPerFeedWhoeverSendsIt() {
        Api me = customer();
        String feed = path(feedUrl(me, "/me/calendar-feed"));
        Api fetcher = CITAS.api().from("10.20.30.40");
        for (int i = 0; i < FEED_QUOTA; i++) {
            assertEquals(200, fetcher.get(feed).status(), "fetch " + (i + 1));
        }
        Reply refused = fetcher.get(feed);
        assertEquals(429, refused.status(), refused.body());
        assertEquals("application/problem+json", refused.contentType());
        assertEquals(429, me.get(feed).status(), "a bearer token does not lift a feed's anonymous quota");
        String another = path(feedUrl(customer(), "/me/calendar-feed"));
        assertEquals(200, fetcher.get(another).status(), "each feed has its own bucket");
        assertEquals(200, fetcher.get("/categories").status(), "and the fetcher's address its own");
    }

    @Test
    void oneAppointmentAsTextCalendarIsOneEventWithTheFeedsUid() throws Exception {
        Api me = customer();
        long id = book(me, catalog.bookable(), Fixtures.madrid(5, "10:00"));
        Reply ics = me.header("Accept", "text/calendar").get("/appointments/" + id);
        Calendar single = calendar(ics);
        assertEquals(1, events(single).size());
        assertTrue(ics.header("Vary").contains("Accept"), ics.headers().toString());
        String uid = value(events(single).get(0), "UID");
        assertEquals(uid, value(eventOf(calendar(anonymous().get(path(feedUrl(me, "/me/calendar-feed")))), id), "UID"));

        Reply preferred = me.header("Accept", "application/json;q=0.5, text/calendar").get("/appointments/" + id);
        assertTrue(preferred.header("Content-Type").startsWith("text/calendar"), preferred.headers().toString());
        for (String accept : List.of("application/json", "*/*", "application/*")) {
            Reply json = me.header("Accept", accept).get("/appointments/" + id);
            assertEquals(200, json.status(), accept);
            assertEquals("application/json", json.contentType(), accept);
            assertEquals(id, json.json().get("id").asLong());
        }
        assertEquals("application/json", me.get("/appointments/" + id).contentType(), "no Accept: JSON");
        Reply html = me.header("Accept", "text/html").get("/appointments/" + id);
        assertEquals(406, html.status(), html.body());
        assertEquals("application/problem+json", html.contentType());
        Reply notMine = customer().header("Accept", "text/calendar").get("/appointments/" + id);
        assertEquals(404, notMine.status(), notMine.body());
        assertNull(notMine.header("ETag"));
        assertEquals(200, staff.header("Accept", "text/calendar").get("/appointments/" + id).status());
    }
}
