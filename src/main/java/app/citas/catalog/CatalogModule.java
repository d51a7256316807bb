package app.citas.catalog;

import app.citas.cache.CacheManager;
import app.citas.platform.AfterCommit;
import app.citas.platform.ApiException;
import app.citas.platform.ConstraintTranslations;
import app.citas.platform.HttpCaching;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.Filter;
import java.util.List;
import org.hibernate.SessionFactory;

/** Builds the catalog feature: entities, the database-backed catalog (cached when a cache is given) and endpoints. */
public final class CatalogModule {

    private final Catalog catalog;
    private final Offerings offerings;
    private final Schedules schedules;
    private final HttpCaching httpCaching;
    private final ObjectMapper json;

    /** @param caches the shared cache, or null to read the database on every request */
    public CatalogModule(SessionFactory sessionFactory, ObjectMapper json, CacheManager caches, HttpCaching httpCaching) {
        CatalogDao dao = new CatalogDao(sessionFactory);
        ScheduleDao schedules = new ScheduleDao(sessionFactory, json);
        Offerings fromDatabase = new DatabaseOfferings(sessionFactory, schedules);
        CatalogChanges changes = CatalogChanges.NONE;
        if (caches == null) {
            this.offerings = fromDatabase;
            this.catalog = new DatabaseCatalog(dao, json);
        } else {
            CatalogChanges invalidation = new CatalogInvalidation(caches.region("categories"),
                    caches.region("services"), caches.region("resources"), caches.tags(),
                    AfterCommit.of(sessionFactory));
            this.catalog = new CachingCatalog(new DatabaseCatalog(dao, json, invalidation),
                    caches.region("categories"), caches.region("services"), caches.region("resources"));
            this.offerings = new CachingOfferings(fromDatabase, caches.region("services"), json);
            changes = invalidation;
        }
        this.schedules = new Schedules(schedules, changes);
        this.httpCaching = httpCaching;
        this.json = json;
    }

    /** What the catalog publishes to other features (booking) about its services and resources. */
    public Offerings offerings() {
        return offerings;
    }

    /** The catalog's unique constraints, worded for the client when a race gets past the service's own check. */
    public static void translateConstraints(ConstraintTranslations constraints) {
        constraints.register("categories_name_lower_key", ApiException.conflict(CatalogMessages.of("category.name-taken")));
    }

    /** The servlet filter that answers plain catalog reads before Jersey; the last one in front of it. */
    public Filter reads() {
        return new CatalogReads(catalog, httpCaching, json);
    }

    public List<Object> components() {
        return List.of(new CategoriesEndpoint(catalog, httpCaching), new ServicesEndpoint(catalog, httpCaching),
                new ResourcesEndpoint(catalog, httpCaching), new TimeOffEndpoint(schedules),
                new DateOverridesEndpoint(schedules));
    }
}
