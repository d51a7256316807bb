package app.citas.catalog;

import app.citas.catalog.CatalogQueries.ResourceQuery;
import app.citas.catalog.CatalogQueries.ServiceQuery;
import app.citas.catalog.CatalogQueries.ServiceSort;
import app.citas.platform.PageRequest;
import org.hibernate.SessionFactory;

/** Test access to the package-private {@link CatalogDao}: runs its list queries as the endpoints do. */
public final class CatalogDaoProbe {
    private final CatalogDao dao;
    private final ScheduleDao schedules;
    private final Offerings offerings;

    public CatalogDaoProbe(SessionFactory sessionFactory) {
        this.dao = new CatalogDao(sessionFactory);
        this.schedules = new ScheduleDao(sessionFactory, app.citas.platform.JsonMapper.create());
        this.offerings = new DatabaseOfferings(sessionFactory, schedules);
    }

    /** Availability's third query: time off and date overrides of these resources over [from, to). Rows found. */
    public int scheduleExceptions(java.util.Collection<Long> resourceIds, java.time.Instant from, java.time.Instant to) {
        return offerings.scheduleExceptions(resourceIds, from, to).values().stream()
                .mapToInt(e -> e.timeOff().size() + e.dateOverrides().size()).sum();
    }

    /**
     * A booking's question to the catalog about the resource's schedule: whether it offers the service, and its time
     * off and date overrides over [from, to). Rows found (the link's included), or -1 when it does not offer it.
     */
    public int offeredSchedule(long resourceId, long serviceId, java.time.Instant from, java.time.Instant to) {
        return offerings.offeredSchedule(resourceId, serviceId, from, to)
                .map(e -> 1 + e.timeOff().size() + e.dateOverrides().size()).orElse(-1);
    }

    /** GET /resources/{id}/time-off?from=&to=. Returns how many items the list had. */
    public int timeOff(long resourceId, java.time.Instant from, java.time.Instant to) {
        return schedules.timeOff(resourceId, from, to).size();
    }

    /** GET /resources/{id}/date-overrides?from=&to= over the UTC dates of these instants. Items found. */
    public int dateOverrides(long resourceId, java.time.Instant from, java.time.Instant to) {
        return schedules.dateOverrides(resourceId, java.time.LocalDate.ofInstant(from, java.time.ZoneOffset.UTC),
                java.time.LocalDate.ofInstant(to, java.time.ZoneOffset.UTC)).size();
    }

    /** POST /resources/{id}/time-off's list of the confirmed appointments inside it. How many. */
    public int confirmedAppointments(long resourceId, java.time.Instant from, java.time.Instant to) {
        return schedules.confirmedAppointments(resourceId, from, to).size();
    }

    /** The catalog's published interface for other features, as CatalogModule builds it. */
    public static Offerings offerings(SessionFactory sessionFactory) {
        return new DatabaseOfferings(sessionFactory,
                new ScheduleDao(sessionFactory, app.citas.platform.JsonMapper.create()));
    }

    /** GET /categories. Returns how many items the page had. */
    public int categories(PageRequest page) {
        return dao.categories(page).items().size();
    }

    /** GET /services?categoryId=&q=&sort= (active services). Returns how many items the page had. */
    public int services(Long categoryId, String text, String sort, PageRequest page) {
        return dao.services(new ServiceQuery(categoryId, text, true, ServiceSort.parse(sort), page)).items().size();
    }

    /** GET /resources?kind=&serviceId=&q= (active resources). Returns how many items the page had. */
    public int resources(String kind, Long serviceId, String text, PageRequest page) {
        return dao.resources(new ResourceQuery(kind == null ? null : ResourceKind.valueOf(kind), serviceId, text,
                true, page)).items().size();
    }
}
