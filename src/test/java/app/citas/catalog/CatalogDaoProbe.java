package app.citas.catalog;

import app.citas.catalog.CatalogQueries.ResourceQuery;
import app.citas.catalog.CatalogQueries.ServiceQuery;
import app.citas.catalog.CatalogQueries.ServiceSort;
import app.citas.platform.PageRequest;
import org.hibernate.SessionFactory;

/** Test access to the package-private {@link CatalogDao}: runs its list queries as the endpoints do. */
public final class CatalogDaoProbe {
    private final CatalogDao dao;

    public CatalogDaoProbe(SessionFactory sessionFactory) {
        this.dao = new CatalogDao(sessionFactory);
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
