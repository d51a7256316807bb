package app.citas.booking;

import app.citas.booking.SlotFinder.Busy;
import app.citas.platform.PageRequest;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.hibernate.query.SelectionQuery;

/** Appointments and Idempotency-Keys: booking's own tables, nothing else. Runs in the request's current session. */
final class BookingDao {
    private final SessionFactory sessionFactory;

    BookingDao(SessionFactory sessionFactory) {
        this.sessionFactory = sessionFactory;
    }

    private Session session() {
        return sessionFactory.getCurrentSession();
    }

    record AppointmentQuery(Instant from, Instant to, AppointmentStatus status, Long resourceId, Long serviceId,
                            Long customerId, PageRequest page) {
    }

    record PageOf(List<Appointment> items, long total) {
    }

    Optional<Appointment> appointment(long id) {
        return session().createSelectionQuery("from Appointment a where a.id = :id", Appointment.class)
                .setParameter("id", id).uniqueResultOptional();
    }

    PageOf appointments(AppointmentQuery query) {
        StringBuilder where = new StringBuilder(" where 1 = 1");
        Map<String, Object> parameters = new HashMap<>();
        condition(where, parameters, "a.startsAt >= :from", "from", query.from());
        condition(where, parameters, "a.startsAt < :to", "to", query.to());
        condition(where, parameters, "a.status = :status", "status", query.status());
        condition(where, parameters, "a.resourceId = :resource", "resource", query.resourceId());
        condition(where, parameters, "a.serviceId = :service", "service", query.serviceId());
        condition(where, parameters, "a.customerId = :customer", "customer", query.customerId());
        List<Appointment> items = bind(session().createSelectionQuery(
                "from Appointment a" + where + " order by a.startsAt, a.id", Appointment.class), parameters)
                .setFirstResult(query.page().offset()).setMaxResults(query.page().size()).getResultList();
        long total = bind(session().createSelectionQuery("select count(a) from Appointment a" + where, Long.class),
                parameters).getSingleResult();
        return new PageOf(items, total);
    }

    private static void condition(StringBuilder where, Map<String, Object> parameters, String clause, String name,
                                  Object value) {
        if (value != null) {
            where.append(" and ").append(clause);
            parameters.put(name, value);
        }
    }

    private static <T> SelectionQuery<T> bind(SelectionQuery<T> query, Map<String, Object> parameters) {
        parameters.forEach(query::setParameter);
        return query;
    }

    /** The longest service (the schema's limit): nothing that starts earlier can still be running at {@code from}. */
    private static final java.time.Duration LONGEST_APPOINTMENT = java.time.Duration.ofMinutes(480);

    /** Non-cancelled appointments of these resources that overlap [from, to). */
    Map<Long, List<Busy>> busy(Collection<Long> resourceIds, Instant from, Instant to) {
        Map<Long, List<Busy>> busy = new HashMap<>();
        if (resourceIds.isEmpty()) {
            return busy;
        }
        session().createSelectionQuery("select a.resourceId, a.startsAt, a.endsAt from Appointment a "
                        + "where a.resourceId in :ids and a.status <> :cancelled and a.startsAt < :to and a.endsAt > :from "
                        // A lower bound on starts_at lets the (resource_id, starts_at) index read a day, not a history.
                        + "and a.startsAt > :earliest", Object[].class)
                .setParameter("ids", resourceIds).setParameter("cancelled", AppointmentStatus.CANCELLED)
                .setParameter("from", from).setParameter("to", to).setParameter("earliest", from.minus(LONGEST_APPOINTMENT))
                .getResultList()
                .forEach(row -> busy.computeIfAbsent((Long) row[0], k -> new java.util.ArrayList<>())
                        .add(new Busy((Instant) row[1], (Instant) row[2])));
        return busy;
    }

    long upcomingCount(long customerId, Instant now) {
        return session().createNativeQuery("select count(*) from appointments where customer_id = :customer "
                        + "and starts_at > :now and status = 'CONFIRMED'", Long.class)
                .setParameter("customer", customerId).setParameter("now", now)
                .getSingleResult();
    }

    void insert(Appointment appointment) {
        session().persist(appointment);
        session().flush();
    }

    void flush() {
        session().flush();
    }

    // --- idempotency keys

    record StoredResponse(byte[] requestHash, Integer status, String body, String location) {
    }

    /**
     * Claims the key for this request. If another transaction holds it, PostgreSQL makes this wait until that
     * one commits or rolls back, so two retries in flight never both book.
     */
    boolean claimIdempotencyKey(long userId, String key, byte[] requestHash) {
        return session().createNativeMutationQuery("insert into idempotency_keys (user_id, idempotency_key, request_hash) "
                        + "values (:user, :key, :hash) on conflict (user_id, idempotency_key) do nothing")
                .setParameter("user", userId).setParameter("key", key).setParameter("hash", requestHash)
                .executeUpdate() == 1;
    }

    Optional<StoredResponse> storedResponse(long userId, String key) {
        return session().createNativeQuery("select request_hash, response_status, response_body, location "
                        + "from idempotency_keys where user_id = :user and idempotency_key = :key", Object[].class)
                .setParameter("user", userId).setParameter("key", key)
                .uniqueResultOptional()
                .map(row -> new StoredResponse((byte[]) row[0], (Integer) row[1], (String) row[2], (String) row[3]));
    }

    void storeResponse(long userId, String key, int status, String body, String location) {
        session().createNativeMutationQuery("update idempotency_keys set response_status = :status, "
                        + "response_body = :body, location = :location where user_id = :user and idempotency_key = :key")
                .setParameter("status", status).setParameter("body", body).setParameter("location", location)
                .setParameter("user", userId).setParameter("key", key).executeUpdate();
    }
}
