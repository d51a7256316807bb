package app.citas.booking;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.hibernate.query.NativeQuery;

/**
 * The calendar_feeds table and the appointments a feed shows, in the request's current session. A feed request is
 * two statements, each on an index: the feed by the hash of its secret, then its appointments (a customer's or a
 * resource's, from a start on) joined with the summaries the catalog and account features publish.
 *
 * <p>Native selects name their columns ({@code addScalar}): Hibernate then reuses each statement's plan, while one
 * with only a result class ({@code Long.class}) gets a new plan on every call (and a plan-cache entry it never reuses).
 */
final class CalendarFeedDao {
    private final SessionFactory sessionFactory;

    CalendarFeedDao(SessionFactory sessionFactory) {
        this.sessionFactory = sessionFactory;
    }

    private Session session() {
        return sessionFactory.getCurrentSession();
    }

    /** Whose feed: a customer's own appointments, or a resource's (staff). */
    record Owner(Kind kind, long id) {
        enum Kind {
            CUSTOMER("customer_id"), RESOURCE("resource_id");

            /** The column of calendar_feeds and of appointments that holds the owner (a constant, never client text). */
            final String column;

            Kind(String column) {
                this.column = column;
            }
        }

        static Owner customer(long id) {
            return new Owner(Kind.CUSTOMER, id);
        }

        static Owner resource(long id) {
            return new Owner(Kind.RESOURCE, id);
        }
    }

    /** A feed found by its secret's hash, with the resource's name for a resource's feed. */
    record Feed(Owner owner, String resourceName) {
    }

    /** The secret of the owner's feed, if it has one (calendar_feeds_customer_key / _resource_key). */
    Optional<String> secret(Owner owner) {
        return session().createNativeQuery("select secret from calendar_feeds where " + owner.kind().column + " = :owner",
                        String.class)
                .addScalar("secret", String.class)
                .setParameter("owner", owner.id()).uniqueResultOptional();
    }

    /**
     * Stores a new feed for the owner, unless a concurrent request just stored one (then nothing is written and the
     * answer is empty: read that one).
     */
    boolean create(Owner owner, String secret, byte[] secretHash) {
        String column = owner.kind().column;
        // A plain native query: Hibernate 7's createNativeMutationQuery takes this insert for a select.
        return session().createNativeQuery("insert into calendar_feeds (secret_hash, secret, " + column + ") "
                        + "values (:hash, :secret, :owner) on conflict (" + column + ") do nothing")
                .setParameter("hash", secretHash).setParameter("secret", secret).setParameter("owner", owner.id())
                .executeUpdate() == 1;
    }

    /** Deletes the owner's feed; false when it had none. */
    boolean delete(Owner owner) {
        return session().createNativeQuery("delete from calendar_feeds where " + owner.kind().column + " = :owner")
                .setParameter("owner", owner.id()).executeUpdate() > 0;
    }

    /** The feed whose secret has this SHA-256, in one statement on calendar_feeds_secret_hash_key. */
    Optional<Feed> feed(byte[] secretHash) {
        return session().createNativeQuery("select f.customer_id, f.resource_id, r.name from calendar_feeds f "
                        + "left join resource_summaries r on r.id = f.resource_id where f.secret_hash = :hash",
                        Object[].class)
                .addScalar("customer_id", Long.class).addScalar("resource_id", Long.class)
                .addScalar("name", String.class)
                .setParameter("hash", secretHash).uniqueResultOptional()
                .map(row -> new Feed(row[0] != null ? Owner.customer((Long) row[0]) : Owner.resource((Long) row[1]),
                        (String) row[2]));
    }

    /**
     * The owner's appointments starting at or after {@code since}, at most {@code limit}, in (startsAt, id) order, in
     * one statement: the (customer_id | resource_id, starts_at, id) index gives them in order, and only those rows are
     * joined with their names. A resource's feed names each appointment's customer too.
     */
    List<CalendarRendering.Event> events(Owner owner, Instant since, int limit) {
        boolean withCustomer = owner.kind() == Owner.Kind.RESOURCE;
        return shown("where a." + owner.kind().column + " = :owner and a.starts_at >= :since order by a.starts_at, a.id "
                + "limit " + limit, withCustomer)
                .setParameter("owner", owner.id()).setParameter("since", since)
                .getResultList().stream().map(row -> event(row, withCustomer)).toList();
    }

    /** One appointment as an event, with its customer's id (who may see it), in one statement. */
    Optional<Shown> event(long id) {
        return shown("where a.id = :id", true).setParameter("id", id).uniqueResultOptional()
                .map(row -> new Shown(event(row, true), (Long) row[CUSTOMER_ID]));
    }

    /** An appointment as an event and whose it is. */
    record Shown(CalendarRendering.Event event, long customerId) {
    }

    private static final int CUSTOMER_ID = 9;

    private NativeQuery<Object[]> shown(String selection, boolean withCustomer) {
        NativeQuery<Object[]> select = session().createNativeQuery("select a.id, a.starts_at, a.ends_at, a.status, "
                        + "a.created_at, a.version, s.name as service_name, r.name as resource_name, "
                        + (withCustomer ? "coalesce(u.full_name, u.username)" : "null") + " as customer, a.customer_id"
                        + " from (select a.id, a.service_id, a.resource_id, a.customer_id, a.starts_at, a.ends_at, "
                        + "a.status, a.created_at, a.version from appointments a " + selection + ") a"
                        + " join service_summaries s on s.id = a.service_id"
                        + " join resource_summaries r on r.id = a.resource_id"
                        + (withCustomer ? " join customer_summaries u on u.id = a.customer_id" : "")
                        + " order by a.starts_at, a.id", Object[].class)
                .addScalar("id", Long.class).addScalar("starts_at", Instant.class).addScalar("ends_at", Instant.class)
                .addScalar("status", String.class).addScalar("created_at", Instant.class)
                .addScalar("version", Integer.class).addScalar("service_name", String.class)
                .addScalar("resource_name", String.class).addScalar("customer", String.class)
                .addScalar("customer_id", Long.class);
        return select;
    }

    private static CalendarRendering.Event event(Object[] row, boolean withCustomer) {
        return new CalendarRendering.Event((Long) row[0], (Instant) row[1], (Instant) row[2],
                AppointmentStatus.valueOf((String) row[3]), (String) row[6], (String) row[7],
                withCustomer ? (String) row[8] : null, (Instant) row[4], (Integer) row[5]);
    }
}
