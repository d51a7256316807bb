package app.citas.booking;

import app.citas.booking.BookingViews.AppointmentView;
import app.citas.booking.BookingViews.CustomerSummary;
import app.citas.booking.BookingViews.ResourceSummary;
import app.citas.booking.BookingViews.ServiceSummary;
import app.citas.booking.SlotFinder.Busy;
import app.citas.catalog.ResourceKind;
import app.citas.catalog.ServiceRules;
import app.citas.platform.PageRequest;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.hibernate.query.NativeQuery;

/**
 * Appointments and Idempotency-Keys: booking's own tables, and the read models other features publish for showing an
 * appointment (views, never their tables). Runs in the request's current session.
 *
 * <p>Native selects name their columns ({@code addScalar}): Hibernate then reuses each statement's plan, while one
 * with only a result class ({@code Long.class}) gets a new plan on every call (and a plan-cache entry it never reuses).
 */
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
     * A page of the list as shown, with what the total needs: its rows and, when asked, the bounded count.
     *
     * @param counted the matches counted up to the limit asked for, or null when not counted (or the page is empty)
     */
    record ListedRows(List<AppointmentView> rows, Long counted) {
    }

    /**
     * At most {@code limit} appointments of the list in (startsAt, id) order, shown with their service, resource and
     * customer, and, when {@code countLimit} is positive, how many match the filters counted up to that limit: all
     * in one statement. The page is read strictly after the query's cursor when it has one (a row-value comparison,
     * which the (…, starts_at, id) indexes answer by seeking), else from the page's offset; each filter has an index
     * ending in (starts_at, id), so the rows come in index order, unsorted, and only the page's rows are joined.
     * Names come from the views the catalog and account features publish for this ({@code service_summaries},
     * {@code resource_summaries}, {@code customer_summaries}), never from their tables. Limit and offset are literals
     * (numbers Citas computed, never client text): a generic plan then knows the page is small, costs what a custom
     * plan costs, and PostgreSQL keeps it instead of planning the join again on every execution (with {@code LIMIT $n}
     * it would assume a tenth of the table).
     */
    ListedRows list(AppointmentQuery query, int limit, int countLimit) {
        Filter page = filter(query, true);
        String count = countLimit > 0 ? "(select count(*) from (select 1 from appointments a"
                + filter(query, false).where() + " order by a.starts_at, a.id limit " + countLimit + ") c)" : null;
        NativeQuery<Object[]> select = shown(page.where() + " order by a.starts_at, a.id limit " + limit
                + (query.after() == null ? " offset " + query.page().offset() : ""), count);
        List<Object[]> rows = page.bind(select).getResultList();
        Long counted = count != null && !rows.isEmpty() ? (Long) rows.get(0)[COUNTED] : null;
        return new ListedRows(rows.stream().map(BookingDao::view).toList(), counted);
    }

    /** One appointment as shown, with its service, resource and customer, in one statement. */
    Optional<AppointmentView> shown(long id) {
        return shown(" where a.id = :id", null).setParameter("id", id).uniqueResultOptional().map(BookingDao::view);
    }

    private static final int COUNTED = 18;

    /**
     * The appointments {@code selection} picks (a where clause, order and limit over {@code appointments a}) joined
     * with their summaries, in (startsAt, id) order, with {@code count} (a scalar subquery) as a last column if any.
     */
    private NativeQuery<Object[]> shown(String selection, String count) {
        NativeQuery<Object[]> select = session().createNativeQuery("select a.id, a.starts_at, a.ends_at, a.status, "
                        + "a.notes, a.cancel_reason, a.created_at, s.id as service_id, s.name as service_name, "
                        + "s.duration_minutes, s.price, s.currency, r.id as resource_id, r.name as resource_name, "
                        + "r.kind, u.id as customer_id, u.username, u.full_name"
                        + (count == null ? "" : ", " + count + " as counted")
                        + " from (select a.id, a.service_id, a.resource_id, a.customer_id, a.starts_at, a.ends_at, "
                        + "a.status, a.notes, a.cancel_reason, a.created_at from appointments a" + selection + ") a"
                        + " join service_summaries s on s.id = a.service_id"
                        + " join resource_summaries r on r.id = a.resource_id"
                        + " join customer_summaries u on u.id = a.customer_id"
                        + " order by a.starts_at, a.id", Object[].class)
                .addScalar("id", Long.class).addScalar("starts_at", Instant.class)
                .addScalar("ends_at", Instant.class).addScalar("status", String.class)
                .addScalar("notes", String.class).addScalar("cancel_reason", String.class)
                .addScalar("created_at", Instant.class).addScalar("service_id", Long.class)
                .addScalar("service_name", String.class).addScalar("duration_minutes", Integer.class)
                .addScalar("price", BigDecimal.class).addScalar("currency", String.class)
                .addScalar("resource_id", Long.class).addScalar("resource_name", String.class)
                .addScalar("kind", String.class).addScalar("customer_id", Long.class)
                .addScalar("username", String.class).addScalar("full_name", String.class);
        return count == null ? select : select.addScalar("counted", Long.class);
    }

    private static AppointmentView view(Object[] row) {
        return new AppointmentView((Long) row[0], (Instant) row[1], (Instant) row[2],
                AppointmentStatus.valueOf((String) row[3]), (String) row[4], (String) row[5], (Instant) row[6],
                new ServiceSummary((Long) row[7], (String) row[8], (Integer) row[9], (BigDecimal) row[10],
                        (String) row[11]),
                new ResourceSummary((Long) row[12], (String) row[13], ResourceKind.valueOf((String) row[14])),
                new CustomerSummary((Long) row[15], (String) row[16], (String) row[17]));
    }

    /**
     * How many appointments match the query's filters (not its page or cursor), counting no further than
     * {@code limit}: the count walks the page query's own index in the same order and stops after that many rows,
     * so it reads at most that many index entries however many appointments there are.
     */
    long countUpTo(AppointmentQuery query, int limit) {
        Filter filter = filter(query, false);
        return filter.bind(session().createNativeQuery("select count(*) from (select 1 from appointments a"
                + filter.where() + " order by a.starts_at, a.id limit " + limit + ") c", Long.class)
                .addScalar("count", Long.class)).getSingleResult();
    }

    /** An SQL where clause over {@code appointments a} and its parameters. */
    private record Filter(String where, Map<String, Object> parameters) {
        <T> NativeQuery<T> bind(NativeQuery<T> query) {
            parameters.forEach(query::setParameter);
            return query;
        }
    }

    /** The query's filters, and its cursor's position when {@code fromCursor} and it has one. */
    private static Filter filter(AppointmentQuery query, boolean fromCursor) {
        StringBuilder where = new StringBuilder(" where 1 = 1");
        Map<String, Object> parameters = new HashMap<>();
        condition(where, parameters, "a.starts_at >= :from", "from", query.from());
        condition(where, parameters, "a.starts_at < :to", "to", query.to());
        condition(where, parameters, "a.status = :status", "status",
                query.status() == null ? null : query.status().name());
        condition(where, parameters, "a.resource_id = :resource", "resource", query.resourceId());
        condition(where, parameters, "a.service_id = :service", "service", query.serviceId());
        condition(where, parameters, "a.customer_id = :customer", "customer", query.customerId());
        if (fromCursor && query.after() != null) {
            where.append(" and (a.starts_at, a.id) > (:afterStartsAt, :afterId)");
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

    /** The longest service (the schema's limit). */
    private static final java.time.Duration LONGEST_APPOINTMENT = java.time.Duration.ofMinutes(480);
    /** The longest buffer on either side (the schema's limit). */
    private static final java.time.Duration LONGEST_BUFFER = java.time.Duration.ofMinutes(ServiceRules.MAX_BUFFER_MINUTES);

    /**
     * The blocked ranges (each appointment widened by its own buffers) of the non-cancelled appointments of these
     * resources that overlap [from, to). SQL reads a superset bounded on both sides by {@code starts_at} (a blocked
     * range starts at most the longest buffer before its appointment and ends at most the longest appointment and
     * buffer after its start), so the (resource_id, starts_at) index reads a day, not a history; the exact overlap is
     * decided here.
     */
    Map<Long, List<Busy>> busy(Collection<Long> resourceIds, Instant from, Instant to) {
        Map<Long, List<Busy>> busy = new HashMap<>();
        if (resourceIds.isEmpty()) {
            return busy;
        }
        // Native, with the ids as one array: an HQL "in :ids" list is translated to SQL again on every execution
        // (Hibernate does not cache the interpretation of a query with a list parameter), which was 43% of this
        // method's time in the availability profile (docs/profiling.md).
        session().createNativeQuery("select resource_id, starts_at, ends_at, buffer_before_minutes, "
                        + "buffer_after_minutes from appointments "
                        + "where resource_id = any(:ids) and status <> 'CANCELLED' and starts_at < :to and ends_at > :from "
                        // A lower bound on starts_at lets the (resource_id, starts_at) index read a day, not a history.
                        + "and starts_at > :earliest", Object[].class)
                .addScalar("resource_id", Long.class).addScalar("starts_at", Instant.class)
                .addScalar("ends_at", Instant.class).addScalar("buffer_before_minutes", Integer.class)
                .addScalar("buffer_after_minutes", Integer.class)
                .setParameter("ids", resourceIds.toArray(Long[]::new))
                .setParameter("from", from.minus(LONGEST_BUFFER)).setParameter("to", to.plus(LONGEST_BUFFER))
                .setParameter("earliest", from.minus(LONGEST_BUFFER).minus(LONGEST_APPOINTMENT))
                .getResultList()
                .forEach(row -> {
                    Busy blocked = new Busy(((Instant) row[1]).minus(java.time.Duration.ofMinutes((Integer) row[3])),
                            ((Instant) row[2]).plus(java.time.Duration.ofMinutes((Integer) row[4])));
                    if (blocked.overlaps(from, to)) {
                        busy.computeIfAbsent((Long) row[0], k -> new java.util.ArrayList<>()).add(blocked);
                    }
                });
        return busy;
    }

    long upcomingCount(long customerId, Instant now) {
        return session().createNativeQuery("select count(*) from appointments where customer_id = :customer "
                        + "and starts_at > :now and status = 'CONFIRMED'", Long.class)
                .addScalar("count", Long.class)
                .setParameter("customer", customerId).setParameter("now", now)
                .getSingleResult();
    }

    /**
     * Inserts the appointment; the exclusion constraints decide at once. The database's trigger
     * appointments_lock_schedule (009-appointment-schedule-lock.sql) takes the resource's advisory lock first, so two
     * racing inserts reach the constraint one after the other: the loser's violation is a 409, not a deadlock.
     */
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
                .addScalar("request_hash", byte[].class).addScalar("response_status", Integer.class)
                .addScalar("response_body", String.class).addScalar("location", String.class)
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
