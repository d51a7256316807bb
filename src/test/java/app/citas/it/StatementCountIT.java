package app.citas.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.citas.dev.Api;
import app.citas.dev.Reply;
import app.citas.stack.StackExtension;
import app.citas.stack.TestStack;
import app.citas.testing.Fixtures;
import app.citas.testing.Fixtures.Bookable;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * SQL statements per request, read from citas:type=Database over JMX: lists cost the same for page size 1, 20
 * and 100 (at most 3 with the count), details at most 2, availability 1 for one date once its service is cached
 * and the same for a range of up to 31 dates. A page of appointments is one statement whatever its size:
 * the page joined with the summaries it shows (service, resource, customer: from the views the catalog and account
 * features publish) and its bounded count (never after a cursor). The bearer token costs nothing once
 * warm: the signed-in clients here have used their tokens before (in the set-up), so the node's near cache of tokens
 * answers for them. A customer's warm booking is 6 statements and its cancellation 4. Requests run one at a time,
 * so the delta is theirs.
 */
@ExtendWith(StackExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StatementCountIT {
    private Api customer;
    private Api staff;
    private Bookable bookable;
    private long appointmentId;
    private long categoryId;

    @BeforeAll
    void enoughRowsForAHundredItemPage(TestStack stack) {
        staff = stack.api().as(stack.staffToken("count-staff"));
        Fixtures fixtures = new Fixtures(staff);
        categoryId = fixtures.category(Fixtures.unique("Counted"));
        List<Long> resources = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            resources.add(fixtures.resource(Fixtures.unique("Counted resource"), "ROOM"));
        }
        for (int i = 0; i < 105; i++) {
            fixtures.service(Fixtures.unique("Counted service"), 30, "10.00", categoryId, resources);
        }
        bookable = new Bookable(fixtures.service(Fixtures.unique("Counted booking"), 30, "10.00", null, resources),
                resources.get(0));
        customer = stack.api().as(stack.api().newCustomer(Fixtures.unique("counter")));
        for (int day = 1; day <= 3; day++) {
            for (String time : List.of("09:00", "10:00", "11:00")) {
                Reply booked = customer.post("/appointments", Fixtures.booking(bookable, Fixtures.madrid(day, time)));
                assertEquals(201, booked.status(), booked.body());
                appointmentId = booked.json().get("id").asLong();
            }
        }
    }

    private long statements(TestStack stack, Api api, String path) throws Exception {
        long before = stack.sqlStatements();
        Reply reply = api.get(path);
        assertEquals(200, reply.status(), path + " " + reply.body());
        return stack.sqlStatements() - before;
    }

    private void sameForEveryPageSize(TestStack stack, Api api, String path) throws Exception {
        sameForEveryPageSize(stack, api, path, 3);
    }

    private void sameForEveryPageSize(TestStack stack, Api api, String path, int most) throws Exception {
        String separator = path.contains("?") ? "&" : "?";
        List<Long> counts = new ArrayList<>();
        for (int size : new int[] {1, 20, 100}) {
            counts.add(statements(stack, api, path + separator + "size=" + size));
        }
        assertEquals(1, counts.stream().distinct().count(), path + " statements by page size: " + counts);
        assertTrue(counts.get(0) <= most, path + " takes " + counts.get(0) + " statements");
    }

    @Test
    void listEndpoints(TestStack stack) throws Exception {
        Api anonymous = stack.api();
        sameForEveryPageSize(stack, anonymous, "/services");
        sameForEveryPageSize(stack, anonymous, "/services?category=" + categoryId + "&sort=-price");
        sameForEveryPageSize(stack, anonymous, "/services?q=counted");
        sameForEveryPageSize(stack, anonymous, "/resources");
        sameForEveryPageSize(stack, anonymous, "/resources?serviceId=" + bookable.serviceId());
        sameForEveryPageSize(stack, anonymous, "/categories");
        // Signed in with a warm token (no lookup): one statement, the page with its summaries and its bounded count,
        // whatever the page size (nine appointments: a page of 1 needs the count, pages of 20 and 100 show the end).
        assertEquals(List.of(1L, 1L, 1L), appointmentPages(stack, customer, "/appointments"));
        assertEquals(List.of(1L, 1L, 1L),
                appointmentPages(stack, staff, "/appointments?resourceId=" + bookable.resourceId()));
        assertEquals(List.of(1L, 1L, 1L), appointmentPages(stack, staff, "/appointments"), "staff, unfiltered");
        // A keyset page (after a cursor) is never counted.
        String next = customer.get("/appointments?size=1").json().get("next").asText();
        assertEquals(1, statements(stack, customer, next.substring(next.indexOf("/appointments?"))), next);
    }

    private List<Long> appointmentPages(TestStack stack, Api api, String path) throws Exception {
        List<Long> counts = new ArrayList<>();
        for (int size : new int[] {1, 20, 100}) {
            counts.add(statements(stack, api, path + (path.contains("?") ? "&" : "?") + "size=" + size));
        }
        return counts;
    }

    @Test
    void detailEndpoints(TestStack stack) throws Exception {
        assertTrue(statements(stack, stack.api(), "/services/" + bookable.serviceId()) <= 2);
        assertTrue(statements(stack, stack.api(), "/resources/" + bookable.resourceId()) <= 2);
        // The appointment joined with its service, resource and customer summaries (the warm token costs nothing).
        assertEquals(1, statements(stack, customer, "/appointments/" + appointmentId), "appointment detail");
        assertEquals(1, statements(stack, customer, "/me"), "the user's row; the token is warm");
        // Availability: the resources' appointments; the service with its resources and their time off and date
        // overrides come from the catalog cache once read.
        java.time.LocalDate tomorrow = java.time.LocalDate.now(Fixtures.MADRID).plusDays(1);
        String availability = "/services/" + bookable.serviceId() + "/availability";
        long cold = statements(stack, stack.api(), availability + "?date=" + tomorrow.plusDays(1));
        assertTrue(cold <= 3, "a first availability read takes " + cold + " statements");
        long oneDay = statements(stack, stack.api(), availability + "?date=" + tomorrow);
        assertEquals(1, oneDay, "a warm availability read: the resources' appointments");
        // A month view (31 dates) takes the same statements as one date, whatever the span.
        assertEquals(oneDay, statements(stack, stack.api(), availability + "?from=" + tomorrow + "&to="
                + tomorrow.plusDays(30)), "a 31-day range's statements");
        assertEquals(oneDay, statements(stack, stack.api(), availability + "?from=" + tomorrow + "&to="
                + tomorrow.plusDays(6) + "&resourceId=" + bookable.resourceId()), "a week of one resource");
    }

    private long transactions(TestStack stack, Api api, String method, String path, Object body, int status)
            throws Exception {
        long before = stack.transactions();
        long sessions = stack.sessions();
        Reply reply = method.equals("GET") ? api.get(path) : api.post(path, body);
        assertEquals(status, reply.status(), path + " " + reply.body());
        long transactions = stack.transactions() - before;
        assertEquals(transactions, stack.sessions() - sessions, path + ": a session only for the transaction");
        return transactions;
    }

    @Test
    void aWarmTokenCostsNoStatementAndAColdOneIsOneStatementInTheRequestsTransaction(TestStack stack)
            throws Exception {
        String page = "/services?size=9&sort=-durationMinutes";
        statements(stack, stack.api(), page);
        Api fresh = stack.api().as(stack.api().newCustomer(Fixtures.unique("cold")));
        long before = stack.transactions();
        assertEquals(1, statements(stack, fresh, page), "a cold token: its lookup, and the page from the cache");
        assertEquals(1, stack.transactions() - before, "the lookup is the request's one transaction");
        before = stack.transactions();
        assertEquals(0, statements(stack, fresh, page), "the same token, warm: nothing");
        assertEquals(0, stack.transactions() - before);
    }

    /**
     * The benchmark's book_cancel round on the deployed node: a warm booking by a customer is 6 statements (the
     * customer locked, their upcoming count, the service, the resource, its link to the service with its time off and
     * date overrides, the insert) and its cancellation 4 (the appointment, the service's cutoff, the update, the answer with its
     * summaries); BookCancelCostInProcessIT lists them one by one.
     */
    @Test
    void aWarmBookingIsSixStatementsAndItsCancellationFour(TestStack stack) throws Exception {
        Api booker = stack.api().as(stack.api().newCustomer(Fixtures.unique("book-cancel")));
        Reply me = booker.get("/me");
        assertEquals(200, me.status(), me.body());
        for (int round = 0; round < 2; round++) {
            long before = stack.sqlStatements();
            Reply booked = booker.post("/appointments", Fixtures.booking(bookable, Fixtures.madrid(5, "15:00")));
            assertEquals(201, booked.status(), booked.body());
            long booking = stack.sqlStatements() - before;
            before = stack.sqlStatements();
            Reply cancelled = booker.post("/appointments/" + booked.json().get("id").asLong() + "/cancel",
                    java.util.Map.of("reason", "counted"));
            assertEquals(200, cancelled.status(), cancelled.body());
            assertEquals(List.of(6L, 4L), List.of(booking, stack.sqlStatements() - before), "round " + round);
        }
    }

    /** What one request cost the node: Hibernate sessions opened, transactions begun, SQL statements sent. */
    private record Cost(long sessions, long transactions, long statements) {
        static final Cost NOTHING = new Cost(0, 0, 0);
    }

    private Cost cost(TestStack stack, Api api, String path) throws Exception {
        long sessions = stack.sessions();
        long transactions = stack.transactions();
        long statements = stack.sqlStatements();
        Reply reply = api.get(path);
        assertEquals(200, reply.status(), path + " " + reply.body());
        return new Cost(stack.sessions() - sessions, stack.transactions() - transactions,
                stack.sqlStatements() - statements);
    }

    @Test
    void aWarmCachedReadOpensNoSessionAnonymousOrSignedIn(TestStack stack) throws Exception {
        // The benchmark's reads; the lists with a sort or filter no other test here asks for, whose counts need a cold
        // cache.
        for (String path : List.of("/services?page=1&size=20&sort=price", "/services/" + bookable.serviceId(),
                "/resources?size=20&kind=ROOM", "/resources/" + bookable.resourceId(), "/categories?size=19")) {
            cost(stack, stack.api(), path); // fills the cache
            assertEquals(Cost.NOTHING, cost(stack, stack.api(), path), "anonymous " + path);
            assertEquals(Cost.NOTHING, cost(stack, customer, path), "warm token " + path);
            assertEquals(Cost.NOTHING, cost(stack, staff, path), "warm staff token " + path);
        }
        // What does touch the database opens the request's one session and transaction, once.
        assertEquals(new Cost(1, 1, 1), cost(stack, customer, "/me"));
    }

    @Test
    void atMostOneTransactionPerRequestAndNoneForACachedRead(TestStack stack) throws Exception {
        String page = "/services?size=7&sort=-durationMinutes";
        transactions(stack, stack.api(), "GET", page, null, 200);
        assertEquals(0, transactions(stack, stack.api(), "GET", page, null, 200), "cached anonymous read");
        // A warm token is answered from the node's near cache: a cached read signed in makes no transaction either.
        assertEquals(0, transactions(stack, customer, "GET", page, null, 200), "cached read, signed in, warm token");
        assertEquals(1, transactions(stack, customer, "GET", "/me", null, 200), "/me");
        assertEquals(1, transactions(stack, customer, "GET", "/appointments", null, 200), "appointments");
        assertEquals(1, transactions(stack, customer, "POST", "/appointments",
                Fixtures.booking(bookable, Fixtures.madrid(4, "12:00")), 201), "booking");
        assertEquals(1, transactions(stack, staff, "POST", "/categories",
                java.util.Map.of("name", Fixtures.unique("Tx")), 201), "staff write");
    }
}
