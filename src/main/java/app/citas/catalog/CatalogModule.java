package app.citas.catalog;

import java.util.List;
import org.hibernate.SessionFactory;

/** Builds the catalog feature: entities, the database-backed catalog and its endpoints. */
public final class CatalogModule {
    public static final List<Class<?>> ENTITIES = List.of(Category.class, Service.class, Resource.class);

    private final Catalog catalog;

    public CatalogModule(SessionFactory sessionFactory) {
        this.catalog = new DatabaseCatalog(new CatalogDao(sessionFactory));
    }

    public Catalog catalog() {
        return catalog;
    }

    public List<Object> components() {
        return List.of(new CategoriesEndpoint(catalog), new ServicesEndpoint(catalog), new ResourcesEndpoint(catalog));
    }
}
