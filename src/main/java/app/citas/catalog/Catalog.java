package app.citas.catalog;

import app.citas.catalog.CatalogQueries.ResourceQuery;
import app.citas.catalog.CatalogQueries.ServiceQuery;
import app.citas.catalog.CatalogViews.CategoryView;
import app.citas.catalog.CatalogViews.ResourceView;
import app.citas.catalog.CatalogViews.ServiceView;
import app.citas.platform.JsonBody;
import app.citas.platform.PageRequest;

/**
 * The catalog as the HTTP layer sees it. Reads answer finished JSON (bytes and ETag), so the caching decorator
 * can serve a hit without database or mapping work. Writes are for staff: endpoints check the role.
 */
public interface Catalog {
    JsonBody categories(PageRequest page);

    CategoryView createCategory(CategoryInput input);

    CategoryView updateCategory(long id, CategoryInput input);

    void deleteCategory(long id);

    JsonBody services(ServiceQuery query);

    JsonBody service(long id);

    ServiceView createService(ServiceInput input);

    ServiceView updateService(long id, ServiceInput input);

    void deactivateService(long id);

    JsonBody resources(ResourceQuery query);

    JsonBody resource(long id);

    ResourceView createResource(ResourceInput input);

    ResourceView updateResource(long id, ResourceInput input);

    void deactivateResource(long id);
}
