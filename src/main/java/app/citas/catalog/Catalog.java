package app.citas.catalog;

import app.citas.catalog.CatalogQueries.ResourceQuery;
import app.citas.catalog.CatalogQueries.ServiceQuery;
import app.citas.catalog.CatalogViews.CategoryView;
import app.citas.catalog.CatalogViews.ResourceView;
import app.citas.catalog.CatalogViews.ServiceView;
import app.citas.platform.Page;
import app.citas.platform.PageRequest;

/**
 * The catalog as the HTTP layer sees it. The database implementation is the only one today; a caching
 * decorator can wrap it without touching endpoints or DAOs. Writes are for staff: callers check the role.
 */
public interface Catalog {
    Page<CategoryView> categories(PageRequest page);

    CategoryView createCategory(CategoryInput input);

    CategoryView updateCategory(long id, CategoryInput input);

    void deleteCategory(long id);

    Page<ServiceView> services(ServiceQuery query);

    ServiceView service(long id);

    ServiceView createService(ServiceInput input);

    ServiceView updateService(long id, ServiceInput input);

    void deactivateService(long id);

    Page<ResourceView> resources(ResourceQuery query);

    ResourceView resource(long id);

    ResourceView createResource(ResourceInput input);

    ResourceView updateResource(long id, ResourceInput input);

    void deactivateResource(long id);
}
