package app.citas.catalog;

import java.util.List;

/**
 * The catalog feature's Hibernate entities (categories, services and resources). Apart from CatalogModule so that code outside Tomcat (the
 * operator commands, which have no servlet API) can open the database without loading the module.
 */
public final class CatalogEntities {
    public static final List<Class<?>> ALL = List.of(Category.class, Service.class, Resource.class);

    private CatalogEntities() {
    }
}
