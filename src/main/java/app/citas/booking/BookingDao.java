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

    /**
     * The filters of an appointment list and where the page starts: at the page's offset, or strictly after the
     * cursor when there is one (keyset pagination; then {@code page.page()} is 1 and only its size counts).
     */
    record AppointmentQuery(Instant from, Instant to, AppointmentStatus status, Long resourceId, Long serviceId,
                            Long customerId, PageRequest page, AppointmentCursor after) {
        /** The same list restricted to one customer's appointments (what a user may see). */
        AppointmentQuery ofCustomer(long customer) {
            return new AppointmentQuery(from, to, status, resourceId, serviceId, customer, page, after);
        }
    }

    Optional<Appointment> appointment(long id) {
        return session().createSelectionQuery("from Appointment a where a.id = :id", Appointment.class)
                .setParameter("id", id).uniqueResultOptional();
    }

    /**
     * At most {@code limit} appointments of the list in (startsAt, id) order: strictly after the query's cursor when
     * it has one (a row-value comparison, which the (…, starts_at, id) indexes answer by seeking), else from the
     * page's offset. Each filter has an index ending in (starts_at, id), so the rows come in index order, unsorted.
     */
    List<Appointment> appointments(AppointmentQuery query, int limit) {
        Filter filter = filter(query, true);
        SelectionQuery<Appointment> select = filter.bind(session().createSelectionQuery(
                "from Appointment a" + filter.where() + " order by a.startsAt, a.id", Appointment.class));
        if (query.after() == null) {
            select.setFirstResult(query.page().offset());
        }
        return select.setMaxResults(limit).getResultList();
    }

    /**
     * How many appointments match the query's filters (not its page or cursor), counting no further than
     * {@code limit}: the count walks the page query's own index in the same order and stops after that many rows,
     * so it reads at most that many index entries however many appointments there are.
     */
    long countUpTo(AppointmentQuery query, int limit) {
        Filter filter = filter(query, false);
        return filter.bind(session().createSelectionQuery("select count(*) from (select a.id as id from Appointment a"
                        + filter.where() + " order by a.startsAt, a.id limit :countLimit) counted", Long.class))
                .setParameter("countLimit", limit).getSingleResult();
    }

    /** An HQL where clause and its parameters. */
    private record Filter(String where, Map<String, Object> parameters) {
        <T> SelectionQuery<T> bind(SelectionQuery<T> query) {
            parameters.forEach(query::setParameter);
            return query;
        }
    }

    /** The query's filters, and its cursor's position when {@code fromCursor} and it has one. */
    private static Filter filter(AppointmentQuery query, boolean fromCursor) {
        StringBuilder where = new StringBuilder(" where 1 = 1");
        Map<String, Object> parameters = new HashMap<>();
        condition(where, parameters, "a.startsAt >= :from", "from", query.from());
        condition(where, parameters, "a.startsAt < :to", "to", query.to());
        condition(where, parameters, "a.status = :status", "status", query.status());
        condition(where, parameters, "a.resourceId = :resource", "resource", query.resourceId());
        condition(where, parameters, "a.serviceId = :service", "service", query.serviceId());
        condition(where, parameters, "a.customerId = :customer", "customer", query.customerId());
        if (fromCursor && query.after() != null) {
            where.append(" and (a.startsAt, a.id) > (:afterStartsAt, :afterId)");
            parameters.put("afterStartsAt", query.after().startsAt());
            parameters.put("afterId", query.after().id());
        }
        return new Filter(where.toString(), parameters);
    }

    private static void condition(StringBuilder where, Map<String, Object> parameters, String clause, String name,
                                  Object value) {
        if (value != null) {
            where.append(" and ").append(clause);
            parameters.put(name, value);
        }
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
