package app.citas.inprocess;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.citas.dev.Reply;
import app.citas.testing.Api;
import app.citas.testing.CitasExtension;
import app.citas.testing.Fixtures;
import app.citas.testing.Fixtures.Bookable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.hibernate.stat.Statistics;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What a warm booking and a warm cancellation by a customer cost, the benchmark's book_cancel round (no
 * Idempotency-Key): their SQL statements one by one, one transaction each, no query plan Hibernate builds anew (its
 * statistics, enabled on this class's application only) and no exception thrown on the request's thread (JFR's
 * exception events). Requests run one at a time on the test's thread, so the counts are theirs.
 */
class BookCancelCostInProcessIT {
    @RegisterExtension
    static final CitasExtension CITAS = new CitasExtension();
    private static Api customer;
    private static Bookable bookable;
    private static Statistics statistics;

    @BeforeAll
    static void warm() {
        bookable = new Fixtures(CITAS.staff()).bookable();
        customer = CITAS.customer();
        statistics = CITAS.citas().database().sessionFactory().getStatistics();
        statistics.setStatisticsEnabled(true);
        for (int i = 0; i < 3; i++) {
            cancel(book());
        }
    }

    @AfterAll
    static void statisticsOff() {
        statistics.setStatisticsEnabled(false);
    }

    private static long book() {
        Reply booked = customer.post("/appointments", Map.of("serviceId", bookable.serviceId(),
                "resourceId", bookable.resourceId(), "startsAt", Fixtures.madrid(2, "10:00"), "notes", "bench"));
        assertEquals(201, booked.status(), booked.body());
        return booked.json().get("id").asLong();
    }

    private static Reply cancel(long id) {
        Reply cancelled = customer.post("/appointments/" + id + "/cancel", Map.of("reason", "bench"));
        assertEquals(200, cancelled.status(), cancelled.body());
        return cancelled;
    }

    /** What one request cost: its statements in order, transactions, plans built, exceptions thrown on this thread. */
    private record Cost(List<String> statements, long transactions, long plansBuilt, List<String> exceptions) {
    }

    private static <T> Cost cost(Supplier<T> request) throws Exception {
        Path events = Files.createTempFile("book-cancel-cost", ".jfr");
        try (Recording recording = new Recording()) {
            recording.enable("jdk.JavaExceptionThrow").withStackTrace();
            recording.enable("jdk.JavaErrorThrow").withStackTrace();
            // The counters are read over JMX outside the recording: a JVM's first JMX read throws and catches.
            long transactions = CITAS.transactions();
            long misses = statistics.getQueryPlanCacheMissCount();
            recording.start();
            List<String> statements = CITAS.citas().database().statementCounter().record(request::get);
            recording.stop();
            Cost cost = new Cost(statements, CITAS.transactions() - transactions,
                    statistics.getQueryPlanCacheMissCount() - misses, new ArrayList<>());
            recording.dump(events);
            String thread = Thread.currentThread().getName();
            for (RecordedEvent event : RecordingFile.readAllEvents(events)) {
                // JFR's own machinery (defining its event classes) throws and catches on the recording thread.
                if (event.getThread() != null && thread.equals(event.getThread().getJavaName())
                        && !fromJfr(event)) {
                    cost.exceptions().add(event.getClass("thrownClass").getName() + ": " + event.getString("message")
                            + event.getStackTrace().getFrames().stream().limit(12)
                            .map(f -> "\n  at " + f.getMethod().getType().getName() + "." + f.getMethod().getName())
                            .collect(java.util.stream.Collectors.joining()));
                }
            }
            return cost;
        } finally {
            Files.deleteIfExists(events);
        }
    }

    private static boolean fromJfr(RecordedEvent event) {
        return event.getStackTrace() != null && event.getStackTrace().getFrames().stream()
                .anyMatch(f -> f.getMethod().getType().getName().startsWith("jdk.jfr."));
    }

    private static void startsWith(String prefix, String statement) {
        assertTrue(statement.startsWith(prefix), "expected " + prefix + "…, got " + statement);
    }

    @Test
    void aWarmBookingIsSixStatementsInOneTransactionWithNoPlanBuiltAndNoException() throws Exception {
        long[] id = new long[1];
        Cost cost = cost(() -> id[0] = book());
        List<String> sql = cost.statements();
        assertEquals(6, sql.size(), String.join("\n", sql));
        startsWith("select u1_0.id", sql.get(0)); // the customer, locked (account)
        assertTrue(sql.get(0).endsWith("for no key update of u1_0"), sql.get(0));
        startsWith("select count(*) from appointments where customer_id", sql.get(1)); // upcoming appointments
        startsWith("select s1_0.id", sql.get(2)); // the service (catalog)
        startsWith("select r1_0.id", sql.get(3)); // the resource (catalog)
        // The resource offers the service, its time off and date overrides then (catalog).
        startsWith("select cast(null as timestamptz) as starts_at", sql.get(4));
        assertTrue(sql.get(4).contains("from resource_services") && sql.get(4).contains("from time_off")
                && sql.get(4).contains("from date_overrides"), sql.get(4));
        // The resource's schedule lock is the insert's trigger's (appointments_lock_schedule), not a statement.
        startsWith("insert into appointments", sql.get(5));
        assertEquals(1, cost.transactions());
        assertEquals(0, cost.plansBuilt(), "Hibernate built a query plan again: " + String.join("\n", sql));
        assertTrue(sql.stream().noneMatch(s -> s.contains(" in (")), "a list parameter is re-planned on every call");
        assertEquals(List.of(), cost.exceptions());
        cancel(id[0]);
    }

    @Test
    void aWarmCancellationIsFourStatementsInOneTransactionWithNoPlanBuiltAndNoException() throws Exception {
        long id = book();
        Reply[] cancelled = new Reply[1];
        Cost cost = cost(() -> cancelled[0] = cancel(id));
        List<String> sql = cost.statements();
        assertEquals(4, sql.size(), String.join("\n", sql));
        startsWith("select a1_0.id", sql.get(0)); // the appointment
        startsWith("select s1_0.id", sql.get(1)); // its service's cancellation cutoff (catalog)
        startsWith("update appointments set", sql.get(2));
        startsWith("select a.id, a.starts_at", sql.get(3)); // the answer: with its summaries, as GET shows it
        assertEquals(1, cost.transactions());
        assertEquals(0, cost.plansBuilt(), "Hibernate built a query plan again: " + String.join("\n", sql));
        assertEquals(List.of(), cost.exceptions());
        // The answer is the detail's: the cancelled appointment with its service, resource and customer.
        assertEquals("CANCELLED", cancelled[0].json().get("status").asText());
        assertEquals("bench", cancelled[0].json().get("cancelReason").asText());
        assertEquals(customer.get("/appointments/" + id).json(), cancelled[0].json());
    }
}
