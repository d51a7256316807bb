package app.citas.catalog;

import app.citas.cache.Cache;
import app.citas.cache.CacheKey;
import app.citas.catalog.CatalogQueries.ResourceQuery;
import app.citas.catalog.CatalogQueries.ServiceQuery;
import app.citas.catalog.CatalogViews.CategoryView;
import app.citas.catalog.CatalogViews.ResourceView;
import app.citas.catalog.CatalogViews.ServiceView;
import app.citas.platform.AfterCommit;
import app.citas.platform.JsonBody;
import app.citas.platform.PageRequest;
import java.util.List;

/**
 * Wraps the database catalog with shared cache regions. Reads are keyed by their validated query value ({@link CacheKey}); any write
 * clears every catalog region once its transaction commits, because each view embeds the others (a service
 * shows its resources and category, a resource its services).
 */
final class CachingCatalog implements Catalog {
    private final Catalog delegate;
    private final Cache<String, JsonBody> categories;
    private final Cache<String, JsonBody> services;
    private final Cache<String, JsonBody> resources;
    private final AfterCommit afterCommit;

    CachingCatalog(Catalog delegate, Cache<String, JsonBody> categories, Cache<String, JsonBody> services,
                   Cache<String, JsonBody> resources, AfterCommit afterCommit) {
        this.delegate = delegate;
        this.categories = categories;
        this.services = services;
        this.resources = resources;
        this.afterCommit = afterCommit;
    }

    @Override
    public JsonBody categories(PageRequest page) {
        return categories.getOrLoad(CacheKey.of(page), () -> delegate.categories(page));
    }

    @Override
    public JsonBody services(ServiceQuery query) {
        return services.getOrLoad(CacheKey.of(query), () -> delegate.services(query));
    }

    @Override
    public JsonBody service(long id) {
        return services.getOrLoad("id:" + id, () -> delegate.service(id));
    }

    @Override
    public JsonBody resources(ResourceQuery query) {
        return resources.getOrLoad(CacheKey.of(query), () -> delegate.resources(query));
    }

    @Override
    public JsonBody resource(long id) {
        return resources.getOrLoad("id:" + id, () -> delegate.resource(id));
    }

    @Override
    public CategoryView createCategory(CategoryInput input) {
        return invalidating(delegate.createCategory(input));
    }

    @Override
    public CategoryView updateCategory(long id, CategoryInput input) {
        return invalidating(delegate.updateCategory(id, input));
    }

    @Override
    public void deleteCategory(long id) {
        delegate.deleteCategory(id);
        invalidating(null);
    }

    @Override
    public ServiceView createService(ServiceInput input) {
        return invalidating(delegate.createService(input));
    }

    @Override
    public ServiceView updateService(long id, ServiceInput input) {
        return invalidating(delegate.updateService(id, input));
    }

    @Override
    public void deactivateService(long id) {
        delegate.deactivateService(id);
        invalidating(null);
    }

    @Override
    public ResourceView createResource(ResourceInput input) {
        return invalidating(delegate.createResource(input));
    }

    @Override
    public ResourceView updateResource(long id, ResourceInput input) {
        return invalidating(delegate.updateResource(id, input));
    }

    @Override
    public void deactivateResource(long id) {
        delegate.deactivateResource(id);
        invalidating(null);
    }

    /** Clears after commit: clearing earlier would let a concurrent read cache the not-yet-committed old state. */
    private <T> T invalidating(T result) {
        afterCommit.run(() -> List.of(categories, services, resources).forEach(Cache::clear));
        return result;
    }
}
