package app.citas.booking;

import app.citas.booking.BookingDao.AppointmentQuery;
import app.citas.catalog.CatalogDaoProbe;
import app.citas.catalog.Offerings;
import app.citas.platform.PageRequest;
import java.time.Instant;
import java.util.Collection;
import org.hibernate.SessionFactory;

/** Test access to the package-private {@link BookingDao}: runs its list queries as the endpoints do. */
public final class BookingDaoProbe {
    private final BookingDao dao;
    private final Offerings catalog;
    private final SessionFactory sessionFactory;

    public BookingDaoProbe(SessionFactory sessionFactory) {
        this.dao = new BookingDao(sessionFactory);
        this.catalog = CatalogDaoProbe.offerings(sessionFactory);
        this.sessionFactory = sessionFactory;
    }

    /** A calendar feed request's first statement: the feed by its secret's hash (found or not). */
    public int calendarFeed(byte[] secretHash) {
        return new CalendarFeedDao(sessionFactory).feed(secretHash).isPresent() ? 1 : 0;
    }

    /** A calendar feed request's second statement: a customer's (or a resource's) appointments from {@code since}. */
    public int calendarFeedEvents(Long customerId, Long resourceId, Instant since) {
        CalendarFeedDao.Owner owner = customerId != null ? CalendarFeedDao.Owner.customer(customerId)
                : CalendarFeedDao.Owner.resource(resourceId);
        return new CalendarFeedDao(sessionFactory).events(owner, since, CalendarFeeds.MAX_EVENTS).size();
    }

    /** GET /appointments/{id} as text/calendar: the appointment as an event, in one statement. */
    public int calendarEvent(long id) {
        return new CalendarFeedDao(sessionFactory).event(id).isPresent() ? 1 : 0;
    }

    /** One run of the hourly purge: forgets Idempotency-Keys older than the time to live; returns how many. */
    public int purgeIdempotencyKeys(java.time.Duration timeToLive) {
        return new IdempotencyKeyPurge(sessionFactory, java.time.Clock.systemUTC(), timeToLive).purge();
    }

    /**
     * GET /appointments with these filters (a user's list is the same query with their customer id), by page: the
     * page, its total counted up to the default bound when the page does not show where the list ends, then the
     * summaries of the page's services, resources and customers.
     */
    public int appointments(Instant from, Instant to, String status, Long resourceId, Long serviceId,
                            Long customerId, PageRequest page) {
        return list(from, to, status, resourceId, serviceId, customerId, page, null);
    }

    /** The same list after a keyset cursor (the position startsAt, id): the page and the summaries, never a count. */
    public int appointmentsAfter(Instant from, Instant to, String status, Long resourceId, Long serviceId,
                                 Long customerId, int size, Instant afterStartsAt, long afterId) {
        return list(from, to, status, resourceId, serviceId, customerId, new PageRequest(1, size),
                new AppointmentCursor(afterStartsAt, afterId));
    }

    private int list(Instant from, Instant to, String status, Long resourceId, Long serviceId, Long customerId,
                     PageRequest page, AppointmentCursor after) {
        AppointmentLists lists = new AppointmentLists(dao, BookingSettings.DEFAULT_APPOINTMENTS_COUNT_LIMIT);
        return lists.page(new AppointmentQuery(from, to, status == null ? null : AppointmentStatus.valueOf(status),
                resourceId, serviceId, customerId, page, after)).items().size();
    }

    /** The first query of GET /services/{id}/availability: the service and the resources offering it. */
    public int serviceWithResources(long serviceId) {
        return catalog.serviceWithResources(serviceId).map(s -> s.resources().size()).orElse(-1);
    }

    /** The second query of availability: busy intervals of these resources in [from, to). */
    public int busy(Collection<Long> resourceIds, Instant from, Instant to) {
        return dao.busy(resourceIds, from, to).values().stream().mapToInt(java.util.List::size).sum();
    }
}
