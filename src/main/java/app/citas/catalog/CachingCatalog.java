package app.citas.catalog;

import app.citas.cache.Cache;
import app.citas.cache.CacheKey;
import app.citas.catalog.CatalogQueries.ResourceQuery;
import app.citas.catalog.CatalogQueries.ServiceQuery;
import app.citas.catalog.CatalogViews.CategoryView;
import app.citas.catalog.CatalogViews.ResourceView;
import app.citas.catalog.CatalogViews.ServiceView;
import app.citas.platform.JsonBody;
import app.citas.platform.PageRequest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Wraps the database catalog with shared cache regions. Reads are keyed by their validated query value
 * ({@link CacheKey}), depend on the scopes of their list kind and carry tags for every service, resource and
 * category they show; writes pass through, and the database catalog reports what each one changed to
 * {@link CatalogInvalidation}, which invalidates only the reads that change could reach.
 */
final class CachingCatalog implements Catalog {
    private static final ObjectMapper READER = new ObjectMapper();

    private final Catalog delegate;
    private final Cache<String, JsonBody> categories;
    private final Cache<String, JsonBody> services;
    private final Cache<String, JsonBody> resources;

    CachingCatalog(Catalog delegate, Cache<String, JsonBody> categories, Cache<String, JsonBody> services,
                   Cache<String, JsonBody> resources) {
        this.delegate = delegate;
        this.categories = categories;
        this.services = services;
        this.resources = resources;
    }

    @Override
    public JsonBody categories(PageRequest page) {
        // Any category write clears the whole (small) region.
        return categories.getOrLoad(CacheKey.of(page), () -> delegate.categories(page));
    }

    @Override
    public JsonBody services(ServiceQuery query) {
        return services.getOrLoad(CacheKey.of(query), CatalogInvalidation.serviceScopes(query.sort()),
                body -> tags(body, CachingCatalog::serviceTags), () -> delegate.services(query));
    }

    @Override
    public JsonBody service(long id) {
        return services.getOrLoad("id:" + id, List.of(), body -> tags(body, CachingCatalog::serviceTags),
                () -> delegate.service(id));
    }

    @Override
    public JsonBody resources(ResourceQuery query) {
        return resources.getOrLoad(CacheKey.of(query), CatalogInvalidation.resourceScopes(), body -> {
            Set<String> tags = tags(body, CachingCatalog::resourceTags);
            if (tags != null && query.serviceId() != null) {
                tags.add("service-ref:" + query.serviceId()); // the page's members are that service's resources
            }
            return tags;
        }, () -> delegate.resources(query));
    }

    @Override
    public JsonBody resource(long id) {
        return resources.getOrLoad("id:" + id, List.of(), body -> tags(body, CachingCatalog::resourceTags),
                () -> delegate.resource(id));
    }

    /**
     * The tags of a detail or page body: what {@code perView} finds in each view. Null (do not cache) when the body
     * cannot be read, so an entry is never stored without the tags that would invalidate it.
     */
    static Set<String> tags(JsonBody body, java.util.function.BiConsumer<JsonNode, Consumer<String>> perView) {
        JsonNode root;
        try {
            root = READER.readTree(body.bytes());
        } catch (IOException e) {
            return null;
        }
        if (root == null || !root.isObject()) {
            return null;
        }
        Set<String> tags = new LinkedHashSet<>();
        if (root.has("items")) {
            root.get("items").forEach(view -> perView.accept(view, tags::add));
        } else {
            perView.accept(root, tags::add);
        }
        return tags;
    }

    private static void serviceTags(JsonNode service, Consumer<String> tags) {
        tags.accept("service:" + service.path("id").asLong());
        JsonNode category = service.path("category");
        if (category.isObject()) {
            tags.accept("category-ref:" + category.path("id").asLong());
        }
        service.path("resources").forEach(r -> tags.accept("resource-ref:" + r.path("id").asLong()));
    }

    private static void resourceTags(JsonNode resource, Consumer<String> tags) {
        tags.accept("resource:" + resource.path("id").asLong());
        resource.path("services").forEach(s -> tags.accept("service-ref:" + s.path("id").asLong()));
    }

    @Override
    public CategoryView createCategory(CategoryInput input) {
        return delegate.createCategory(input);
    }

    @Override
    public CategoryView updateCategory(long id, CategoryInput input) {
        return delegate.updateCategory(id, input);
    }

    @Override
    public void deleteCategory(long id) {
        delegate.deleteCategory(id);
    }

    @Override
    public ServiceView createService(ServiceInput input) {
        return delegate.createService(input);
    }

    @Override
    public ServiceView updateService(long id, ServiceInput input) {
        return delegate.updateService(id, input);
    }

    @Override
    public void deactivateService(long id) {
        delegate.deactivateService(id);
    }

    @Override
    public ResourceView createResource(ResourceInput input) {
        return delegate.createResource(input);
    }

    @Override
    public ResourceView updateResource(long id, ResourceInput input) {
        return delegate.updateResource(id, input);
    }

    @Override
    public void deactivateResource(long id) {
        delegate.deactivateResource(id);
    }
}
