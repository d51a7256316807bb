package app.citas.inprocess;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.citas.dev.Reply;
import app.citas.testing.Api;
import app.citas.testing.CitasExtension;
import app.citas.testing.Fixtures;
import app.citas.testing.Fixtures.Bookable;
import jakarta.ws.rs.ClientErrorException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import org.hibernate.FlushMode;
import org.hibernate.Session;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * One session and transaction per request, read-only for GET, committed on success and rolled back on any error:
 * seen from inside a request by a probe resource, and from outside by the rows a failed request leaves (none).
 */
class UnitOfWorkInProcessIT {
    @RegisterExtension
    static final CitasExtension CITAS = new CitasExtension(Map.of(), List.of(new Probe()));
    private static Api staff;

    @BeforeAll
    static void staff() {
        staff = CITAS.staff();
    }

    /** Looks at the request's session, and writes a row then fails or succeeds. */
    @Path("probe")
    @Produces(MediaType.APPLICATION_JSON)
    public static final class Probe {
        private static Session session() {
            return CITAS.citas().database().sessionFactory().getCurrentSession();
        }

        private static Map<String, Object> describe() {
            Session session = session();
            return Map.of("readOnly", session.isDefaultReadOnly(),
                    "manualFlush", session.getHibernateFlushMode() == FlushMode.MANUAL,
                    "transaction", session.getTransaction().isActive());
        }

        @GET
        @Path("nothing")
        public Map<String, Object> nothing() {
            return Map.of();
        }

        @GET
        @Path("session")
        public Map<String, Object> read() {
            return describe();
        }

        @POST
        @Path("session")
        public Map<String, Object> write() {
            return describe();
        }

        private static void insertCategory(String name) {
            session().createNativeMutationQuery("insert into categories (name) values (:name)")
                    .setParameter("name", name).executeUpdate();
        }

        @POST
        @Path("insert/{name}")
        public Response insert(@PathParam("name") String name) {
            insertCategory(name);
            return Response.status(201).entity(Map.of("name", name)).build();
        }

        @POST
        @Path("insert-then-fail/{name}")
        public Response insertThenFail(@PathParam("name") String name) {
            insertCategory(name);
            throw new ClientErrorException(409);
        }

        @POST
        @Path("insert-then-crash/{name}")
        public Response insertThenCrash(@PathParam("name") String name) {
            insertCategory(name);
            throw new IllegalStateException("a bug after the write");
        }
    }

    private static long categories(String name) {
        return CITAS.number("select count(*) from categories where name = ?", name);
    }

    @Test
    void getRunsReadOnlyWithoutFlushingAndPostReadWrite() {
        Reply get = CITAS.api().get("/probe/session");
        assertEquals(200, get.status(), get.body());
        assertEquals(true, get.json().get("readOnly").asBoolean(), get.body());
        assertEquals(true, get.json().get("manualFlush").asBoolean(), get.body());
        Reply post = CITAS.api().post("/probe/session", Map.of());
        assertEquals(200, post.status(), post.body());
        assertEquals(false, post.json().get("readOnly").asBoolean(), post.body());
        assertEquals(false, post.json().get("manualFlush").asBoolean(), post.body());
        assertEquals(true, post.json().get("transaction").asBoolean(), post.body());
    }

    @Test
    void theSessionAndTransactionAreOpenedOnlyWhenTheRequestAsksForThem() {
        long sessions = CITAS.sessions();
        long transactions = CITAS.transactions();
        assertEquals(200, CITAS.api().get("/probe/nothing").status());
        assertEquals(0, CITAS.sessions() - sessions, "no session for a request that never asks for one");
        assertEquals(0, CITAS.transactions() - transactions);
        assertEquals(200, CITAS.api().get("/probe/session").status());
        assertEquals(1, CITAS.sessions() - sessions, "asked for twice, opened once");
        assertEquals(0, CITAS.transactions() - transactions, "a session takes no connection before its first statement");
        String name = CitasExtension.unique("lazy");
        assertEquals(201, CITAS.api().post("/probe/insert/" + name, Map.of()).status());
        assertEquals(2, CITAS.sessions() - sessions);
        assertEquals(1, CITAS.transactions() - transactions);
        assertEquals(1, categories(name), "committed");
    }

    @Test
    void aWarmCachedReadOpensNoSession() {
        Bookable bookable = new Fixtures(staff).bookable();
        Api customer = CITAS.customer();
        String path = "/services/" + bookable.serviceId();
        assertEquals(200, CITAS.api().get(path).status());
        assertEquals(200, customer.get("/me").status()); // the token is now in the node's near cache
        long sessions = CITAS.sessions();
        long transactions = CITAS.transactions();
        long statements = CITAS.sqlStatements();
        assertEquals(200, CITAS.api().get(path).status());
        assertEquals(200, customer.get(path).status());
        assertEquals(List.of(0L, 0L, 0L), List.of(CITAS.sessions() - sessions, CITAS.transactions() - transactions,
                CITAS.sqlStatements() - statements), "sessions, transactions, statements");
    }

    @Test
    void aSuccessfulRequestCommitsAndAFailedOneRollsBack() {
        String kept = CitasExtension.unique("kept");
        assertEquals(201, CITAS.api().post("/probe/insert/" + kept, Map.of()).status());
        assertEquals(1, categories(kept));
        String refused = CitasExtension.unique("refused");
        assertEquals(409, CITAS.api().post("/probe/insert-then-fail/" + refused, Map.of()).status());
        assertEquals(0, categories(refused), "a 4xx after a write leaves no row");
        String crashed = CITAS.api().post("/probe/insert-then-crash/x", Map.of()).body();
        assertTrue(crashed.contains("500"), crashed);
        assertEquals(0, categories("x"), "a 500 after a write leaves no row");
    }

    /** The Idempotency-Key is claimed (a row) before the booking fails on the overlap: both go together. */
    @Test
    void aConflictingBookingLeavesNeitherAppointmentNorIdempotencyKey() {
        Bookable bookable = new Fixtures(staff).bookable();
        Api first = CITAS.customer();
        Api second = CITAS.customer();
        assertEquals(201, first.post("/appointments", Fixtures.booking(bookable, Fixtures.madrid(3, "10:00"))).status());
        String key = "retry-" + CitasExtension.unique("key");
        Map<String, Object> overlapping = Fixtures.booking(bookable, Fixtures.madrid(3, "10:15"));
        Reply conflict = second.header("Idempotency-Key", key).post("/appointments", overlapping);
        assertEquals(409, conflict.status(), conflict.body());
        assertEquals(0, CITAS.number("select count(*) from idempotency_keys where idempotency_key = ?", key));
        assertEquals(1, CITAS.number("select count(*) from appointments where resource_id = ?", bookable.resourceId()));
        Reply retry = second.header("Idempotency-Key", key).post("/appointments", overlapping);
        assertEquals(409, retry.status(), "the retry is judged again, not a replay: " + retry.body());
        assertEquals(null, retry.header("Idempotent-Replayed"));
    }

    @Test
    void anAnonymousListIsAFewStatements() {
        long before = CITAS.sqlStatements();
        assertEquals(200, CITAS.api().get("/services?size=100").status());
        long statements = CITAS.sqlStatements() - before;
        assertTrue(statements <= 3, statements + " statements");
    }
}
