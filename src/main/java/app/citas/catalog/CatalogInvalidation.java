package app.citas.catalog;

import app.citas.cache.Cache;
import app.citas.cache.CacheTags;
import app.citas.catalog.CatalogChanges.ResourceState;
import app.citas.catalog.CatalogChanges.ServiceState;
import app.citas.catalog.CatalogQueries.ServiceSort;
import app.citas.platform.AfterCommit;
import app.citas.platform.JsonBody;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Which cached catalog reads a write can change, and their invalidation once the write has committed.
 *
 * <p>What each read shows ({@link CatalogViews}) and therefore depends on:
 * <ul>
 * <li>a service (detail, and each item of a service page) shows its own fields, its category's id and name, and its
 *     active resources' id, name and kind;</li>
 * <li>a resource (detail, and each item of a resource page) shows its own fields and its active services' id and
 *     name;</li>
 * <li>a page's membership, order and total depend only on the fields its query filters and sorts by: service pages
 *     on name (text filter and name sort), category, active, price (price sort) and duration (duration sort);
 *     resource pages on name, kind, active, and for {@code serviceId=} pages the links of that service;</li>
 * <li>category pages show categories only.</li>
 * </ul>
 *
 * <p>So entries carry tags for what they show ({@code service:S} on entries showing service S whole,
 * {@code service-ref:S} on entries showing it as a reference or filtering by it, likewise {@code resource:R},
 * {@code resource-ref:R}, and {@code category-ref:C}), and pages depend on scopes (generations) for what changes
 * membership: service pages on {@code lists} and, by their sort, {@code lists-by-price} or
 * {@code lists-by-duration}; resource pages on {@code lists}. A write invalidates:
 * <ul>
 * <li>service S: tag {@code service:S}; if its name, active flag or resources changed (or it is new) also
 *     {@code service-ref:S} and {@code resource:R} for every resource linked before or after (their lists of
 *     services); scope {@code lists} if name, category or active changed (or new), else {@code lists-by-price} if
 *     the price changed and {@code lists-by-duration} if the duration changed. A price edit thus reaches the
 *     service's detail, the pages that show it and the price-sorted pages, nothing else;</li>
 * <li>resource R: tag {@code resource:R}; if its name, kind, active flag or services changed (or it is new) also
 *     {@code resource-ref:R} and {@code service:S}, {@code service-ref:S} for every service linked before or after;
 *     resource scope {@code lists} if name, kind or active changed (or new);</li>
 * <li>category C: the categories region, and tag {@code category-ref:C};</li>
 * <li>resource R's time off or date overrides: tag {@code schedule:R}, which only availability's entries
 *     ({@link CachingOfferings}) carry.</li>
 * </ul>
 * A write whose input equals the stored state is never reported ({@link CatalogChanges}) and invalidates nothing.
 */
final class CatalogInvalidation implements CatalogChanges {
    static final String LISTS = "lists";
    static final String LISTS_BY_PRICE = "lists-by-price";
    static final String LISTS_BY_DURATION = "lists-by-duration";

    private final Cache<String, JsonBody> categories;
    private final Cache<String, JsonBody> services;
    private final Cache<String, JsonBody> resources;
    private final CacheTags tags;
    private final AfterCommit afterCommit;

    CatalogInvalidation(Cache<String, JsonBody> categories, Cache<String, JsonBody> services,
                        Cache<String, JsonBody> resources, CacheTags tags, AfterCommit afterCommit) {
        this.categories = categories;
        this.services = services;
        this.resources = resources;
        this.tags = tags;
        this.afterCommit = afterCommit;
    }

    /** What one write invalidates. */
    record Plan(Set<String> tags, Set<String> serviceScopes, Set<String> resourceScopes, boolean categories) {
    }

    /** The scopes a service page depends on: every page on {@code lists}, and on the scope of its sort key. */
    static List<String> serviceScopes(ServiceSort sort) {
        return switch (sort) {
            case NAME, NAME_DESC -> List.of(LISTS);
            case PRICE, PRICE_DESC -> List.of(LISTS, LISTS_BY_PRICE);
            case DURATION, DURATION_DESC -> List.of(LISTS, LISTS_BY_DURATION);
        };
    }

    static List<String> resourceScopes() {
        return List.of(LISTS);
    }

    static Plan forService(long id, ServiceState before, ServiceState after) {
        boolean created = before == null;
        Set<String> tags = new LinkedHashSet<>(List.of("service:" + id));
        if (created || !before.name().equals(after.name()) || before.active() != after.active()
                || !before.resourceIds().equals(after.resourceIds())) {
            tags.add("service-ref:" + id);
            if (!created) {
                before.resourceIds().forEach(r -> tags.add("resource:" + r));
            }
            after.resourceIds().forEach(r -> tags.add("resource:" + r));
        }
        Set<String> scopes = new LinkedHashSet<>();
        if (created || !before.name().equals(after.name()) || !Objects.equals(before.categoryId(), after.categoryId())
                || before.active() != after.active()) {
            scopes.add(LISTS);
        } else {
            if (before.price().compareTo(after.price()) != 0) {
                scopes.add(LISTS_BY_PRICE);
            }
            if (before.durationMinutes() != after.durationMinutes()) {
                scopes.add(LISTS_BY_DURATION);
            }
        }
        return new Plan(tags, scopes, Set.of(), false);
    }

    static Plan forResource(long id, ResourceState before, ResourceState after) {
        boolean created = before == null;
        Set<String> tags = new LinkedHashSet<>(List.of("resource:" + id));
        boolean listed = created || !before.name().equals(after.name()) || before.kind() != after.kind()
                || before.active() != after.active();
        if (listed || !before.serviceIds().equals(after.serviceIds())) {
            tags.add("resource-ref:" + id);
            Set<Long> linked = new LinkedHashSet<>(after.serviceIds());
            if (!created) {
                linked.addAll(before.serviceIds());
            }
            linked.forEach(s -> {
                tags.add("service:" + s);
                tags.add("service-ref:" + s);
            });
        }
        return new Plan(tags, Set.of(), listed ? Set.of(LISTS) : Set.of(), false);
    }

    static String scheduleTag(long resourceId) {
        return "schedule:" + resourceId;
    }

    static Plan forSchedule(long resourceId) {
        return new Plan(Set.of(scheduleTag(resourceId)), Set.of(), Set.of(), false);
    }

    static Plan forCategory(long id) {
        return new Plan(Set.of("category-ref:" + id), Set.of(), Set.of(), true);
    }

    @Override
    public void categoryChanged(long id) {
        afterCommit(forCategory(id));
    }

    @Override
    public void serviceChanged(long id, ServiceState before, ServiceState after) {
        afterCommit(forService(id, before, after));
    }

    @Override
    public void resourceChanged(long id, ResourceState before, ResourceState after) {
        afterCommit(forResource(id, before, after));
    }

    @Override
    public void scheduleChanged(long resourceId) {
        afterCommit(forSchedule(resourceId));
    }

    /** After commit: earlier would let a concurrent read cache the not-yet-committed old state. */
    private void afterCommit(Plan plan) {
        afterCommit.run(() -> apply(plan));
    }

    void apply(Plan plan) {
        if (plan.categories()) {
            categories.clear();
        }
        plan.serviceScopes().forEach(services::clearScope);
        plan.resourceScopes().forEach(resources::clearScope);
        tags.invalidate(plan.tags());
    }
}
