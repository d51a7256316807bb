package app.citas.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import app.citas.cache.InMemoryCache;
import app.citas.catalog.CatalogChanges.ResourceState;
import app.citas.catalog.CatalogChanges.ServiceState;
import app.citas.catalog.CatalogInvalidation.Plan;
import app.citas.catalog.CatalogQueries.ResourceQuery;
import app.citas.catalog.CatalogQueries.ServiceQuery;
import app.citas.catalog.CatalogQueries.ServiceSort;
import app.citas.catalog.CatalogViews.CategoryView;
import app.citas.catalog.CatalogViews.ResourceView;
import app.citas.catalog.CatalogViews.ServiceView;
import app.citas.platform.ApiException;
import app.citas.platform.JsonBody;
import app.citas.platform.PageRequest;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.time.LocalTime;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The decorator's logic against in-memory caches: keys, hits, single flight; and the invalidation rules, both as
 * plans and applied after commit to cached reads.
 */
class CachingCatalogTest {
    private final CountingCatalog database = new CountingCatalog();
    private final InMemoryCache.Tags tags = new InMemoryCache.Tags();
    private final InMemoryCache<JsonBody> categories = new InMemoryCache<>("categories", tags);
    private final InMemoryCache<JsonBody> services = new InMemoryCache<>("services", tags);
    private final InMemoryCache<JsonBody> resources = new InMemoryCache<>("resources", tags);
    private final List<Runnable> pendingCommits = new ArrayList<>();
    private final CatalogInvalidation invalidation = new CatalogInvalidation(categories, services, resources, tags,
            pendingCommits::add);
    private final CachingCatalog catalog = new CachingCatalog(database, categories, services, resources);

    private static ServiceQuery query(Long category, String text) {
        return new ServiceQuery(category, text, true, ServiceSort.NAME, new PageRequest(1, 20));
    }

    @Test
    void secondReadOfTheSameQueryIsAHit() {
        JsonBody first = catalog.services(query(3L, "cut"));
        JsonBody second = catalog.services(query(3L, "cut"));
        assertSame(first, second);
        assertEquals(1, database.loads.get());
        assertEquals(1, services.statistics().hits());
        catalog.services(query(3L, "colour"));
        catalog.services(query(null, "cut"));
        assertEquals(3, database.loads.get(), "different filters are different keys");
    }

    @Test
    void detailsAndPagesOfEveryRegionAreCached() {
        catalog.service(7);
        catalog.service(7);
        catalog.resource(9);
        catalog.resource(9);
        catalog.resources(new ResourceQuery(ResourceKind.ROOM, null, null, true, new PageRequest(2, 10)));
        catalog.resources(new ResourceQuery(ResourceKind.ROOM, null, null, true, new PageRequest(2, 10)));
        catalog.categories(new PageRequest(1, 20));
        catalog.categories(new PageRequest(1, 20));
        assertEquals(4, database.loads.get());
    }

    // --- the invalidation rules (what each kind of write reaches)

    private static ServiceState service(String name, String price, int minutes, Long category, boolean active,
                                        Long... resources) {
        return new ServiceState(name, "d", minutes, new BigDecimal(price), "EUR", category, active, Set.of(resources),
                ServiceRules.DEFAULT);
    }

    private static ResourceState resource(String name, boolean active, List<WorkingPeriod> hours, Long... services) {
        return new ResourceState(name, ResourceKind.STAFF, "d", "Europe/Madrid", active, hours, Set.of(services));
    }

    private static final List<WorkingPeriod> HOURS = List.of(new WorkingPeriod(1, LocalTime.of(9, 0), LocalTime.of(13, 0)));

    @Test
    void aPriceEditReachesTheServiceThePagesShowingItAndPriceSortedPagesOnly() {
        Plan plan = CatalogInvalidation.forService(1, service("Cut", "20.00", 30, 5L, true, 10L),
                service("Cut", "25.00", 30, 5L, true, 10L));
        assertEquals(Set.of("service:1"), plan.tags(), "not the resources, which show only its id and name");
        assertEquals(Set.of(CatalogInvalidation.LISTS_BY_PRICE), plan.serviceScopes());
        assertEquals(Set.of(), plan.resourceScopes());
        assertFalse(plan.categories());
        assertEquals(Set.of(CatalogInvalidation.LISTS_BY_DURATION), CatalogInvalidation.forService(1,
                service("Cut", "20.00", 30, 5L, true), service("Cut", "20.00", 45, 5L, true)).serviceScopes());
        assertEquals(Set.of(), CatalogInvalidation.forService(1, service("Cut", "20.00", 30, 5L, true),
                new ServiceState("Cut", "other", 30, new BigDecimal("20.00"), "EUR", 5L, true, Set.of(), ServiceRules.DEFAULT)).serviceScopes(),
                "a description edit moves the service in no list");
    }

    @Test
    void aRenameDeactivationOrRelinkReachesEveryListAndTheLinkedResources() {
        Plan rename = CatalogInvalidation.forService(1, service("Cut", "20.00", 30, 5L, true, 10L),
                service("Trim", "20.00", 30, 5L, true, 10L));
        assertEquals(Set.of("service:1", "service-ref:1", "resource:10"), rename.tags());
        assertEquals(Set.of(CatalogInvalidation.LISTS), rename.serviceScopes());
        Plan relink = CatalogInvalidation.forService(1, service("Cut", "20.00", 30, 5L, true, 10L),
                service("Cut", "20.00", 30, 5L, true, 11L));
        assertEquals(Set.of("service:1", "service-ref:1", "resource:10", "resource:11"), relink.tags(),
                "the resource that lost it and the one that gained it");
        assertEquals(Set.of(), relink.serviceScopes());
        Plan recategorised = CatalogInvalidation.forService(1, service("Cut", "20.00", 30, 5L, true),
                service("Cut", "20.00", 30, 6L, true));
        assertEquals(Set.of(CatalogInvalidation.LISTS), recategorised.serviceScopes());
        Plan created = CatalogInvalidation.forService(2, null, service("New", "1.00", 30, null, true, 10L));
        assertEquals(Set.of("service:2", "service-ref:2", "resource:10"), created.tags());
        assertEquals(Set.of(CatalogInvalidation.LISTS), created.serviceScopes());
    }

    @Test
    void resourceWritesReachTheServicesThatShowThemOnlyWhenWhatTheyShowChanges() {
        Plan hours = CatalogInvalidation.forResource(10, resource("Lucia", true, HOURS, 1L),
                resource("Lucia", true, List.of(), 1L));
        assertEquals(Set.of("resource:10"), hours.tags());
        assertEquals(Set.of(), hours.resourceScopes());
        assertEquals(Set.of(), hours.serviceScopes());
        Plan renamed = CatalogInvalidation.forResource(10, resource("Lucia", true, HOURS, 1L),
                resource("Lucía", true, HOURS, 1L));
        assertEquals(Set.of("resource:10", "resource-ref:10", "service:1", "service-ref:1"), renamed.tags());
        assertEquals(Set.of(CatalogInvalidation.LISTS), renamed.resourceScopes());
        Plan relinked = CatalogInvalidation.forResource(10, resource("Lucia", true, HOURS, 1L),
                resource("Lucia", true, HOURS, 2L));
        assertEquals(Set.of("resource:10", "resource-ref:10", "service:1", "service-ref:1", "service:2",
                "service-ref:2"), relinked.tags());
        assertEquals(Set.of(), relinked.resourceScopes(), "membership of the kind/text/active lists is unchanged");
        Plan category = CatalogInvalidation.forCategory(5);
        assertTrue(category.categories());
        assertEquals(Set.of("category-ref:5"), category.tags());
    }

    // --- the rules applied to cached reads

    private void commit() {
        pendingCommits.forEach(Runnable::run);
        pendingCommits.clear();
    }

    private long loadsOf(Runnable read) {
        int before = database.loads.get();
        read.run();
        return database.loads.get() - before;
    }

    @Test
    void afterAPriceEditOnlyTheReadsShowingTheServiceOrSortedByPriceAreLoadedAgain() {
        ServiceQuery byName = query(null, null);
        ServiceQuery otherCategory = query(6L, null);
        ServiceQuery byPrice = new ServiceQuery(6L, null, true, ServiceSort.PRICE, new PageRequest(1, 20));
        ResourceQuery resourcePage = new ResourceQuery(null, null, null, true, new PageRequest(1, 20));
        List<Runnable> reads = List.of(() -> catalog.service(1), () -> catalog.service(2), () -> catalog.services(byName),
                () -> catalog.services(otherCategory), () -> catalog.services(byPrice), () -> catalog.resource(10),
                () -> catalog.resources(resourcePage), () -> catalog.categories(new PageRequest(1, 20)));
        reads.forEach(Runnable::run);

        invalidation.serviceChanged(1, service("Cut", "20.00", 30, 5L, true, 10L),
                service("Cut", "25.00", 30, 5L, true, 10L));
        reads.forEach(read -> assertEquals(0, loadsOf(read), "nothing is invalidated before the commit"));
        commit();
        assertEquals(1, loadsOf(() -> catalog.service(1)), "its detail");
        assertEquals(1, loadsOf(() -> catalog.services(byName)), "a page showing it");
        assertEquals(1, loadsOf(() -> catalog.services(byPrice)), "a price-sorted page, which it may now enter");
        assertEquals(0, loadsOf(() -> catalog.service(2)));
        assertEquals(0, loadsOf(() -> catalog.services(otherCategory)), "a name-sorted page not showing it");
        assertEquals(0, loadsOf(() -> catalog.resource(10)), "a resource shows only its id and name");
        assertEquals(0, loadsOf(() -> catalog.resources(resourcePage)));
        assertEquals(0, loadsOf(() -> catalog.categories(new PageRequest(1, 20))));
    }

    @Test
    void afterAResourceRenameTheServicesShowingItAreLoadedAgain() {
        ResourceQuery offering = new ResourceQuery(null, 2L, null, true, new PageRequest(1, 20));
        catalog.service(1);
        catalog.service(2);
        catalog.resource(10);
        catalog.resource(11);
        catalog.resources(offering);
        invalidation.resourceChanged(10, resource("Lucia", true, HOURS, 1L), resource("Lucía", true, HOURS, 1L));
        commit();
        assertEquals(1, loadsOf(() -> catalog.resource(10)));
        assertEquals(1, loadsOf(() -> catalog.service(1)), "shows resource 10");
        assertEquals(0, loadsOf(() -> catalog.service(2)));
        assertEquals(0, loadsOf(() -> catalog.resource(11)));
        assertEquals(1, loadsOf(() -> catalog.resources(offering)), "a rename can move it in any resource list");
        invalidation.resourceChanged(10, resource("Lucía", true, HOURS, 1L), resource("Lucía", true, List.of(), 1L));
        commit();
        assertEquals(0, loadsOf(() -> catalog.resources(offering)), "resource 10 does not offer service 2");
        assertEquals(0, loadsOf(() -> catalog.service(1)), "services do not show working hours");
        invalidation.resourceChanged(10, resource("Lucía", true, HOURS, 1L), resource("Lucía", true, HOURS, 1L, 2L));
        commit();
        assertEquals(1, loadsOf(() -> catalog.resources(offering)), "now it does");
        assertEquals(1, loadsOf(() -> catalog.service(2)), "and service 2 shows it");
    }

    @Test
    void aCategoryWriteClearsTheCategoryPagesAndTheServicesShowingIt() {
        catalog.categories(new PageRequest(1, 20));
        catalog.service(1);
        catalog.service(2);
        invalidation.categoryChanged(5);
        commit();
        assertEquals(1, loadsOf(() -> catalog.categories(new PageRequest(1, 20))));
        assertEquals(1, loadsOf(() -> catalog.service(1)), "service 1 is in category 5");
        assertEquals(0, loadsOf(() -> catalog.service(2)));
    }

    @Test
    void failedLoadsAreNotCached() {
        assertThrows(ApiException.class, () -> catalog.service(404));
        assertThrows(ApiException.class, () -> catalog.service(404));
        assertEquals(2, database.loads.get());
    }

    @Test
    void concurrentMissesShareOneLoad() throws Exception {
        database.gate = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<JsonBody>> reads = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                reads.add(pool.submit(() -> catalog.service(5)));
            }
            Thread.sleep(200);
            database.gate.countDown();
            for (Future<JsonBody> read : reads) {
                assertEquals(CountingCatalog.serviceJson(5), new String(read.get(10, TimeUnit.SECONDS).bytes(),
                        StandardCharsets.UTF_8));
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, database.loads.get());
    }

    /**
     * A catalog that answers JSON shaped like the views and counts loads; id 404 does not exist. Service 1 is in
     * category 5 and offered by resource 10, service 2 (no category) by resource 11; category 6 holds service 2.
     */
    private static final class CountingCatalog implements Catalog {
        final AtomicInteger loads = new AtomicInteger();
        volatile CountDownLatch gate;

        private JsonBody answer(String text) {
            loads.incrementAndGet();
            if (gate != null) {
                try {
                    gate.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return JsonBody.of(text.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public JsonBody categories(PageRequest page) {
            return answer("{\"items\":[{\"id\":5,\"name\":\"Hair\"}]}");
        }

        private static String serviceJson(long id) {
            return id == 1 ? "{\"id\":1,\"category\":{\"id\":5,\"name\":\"Hair\"},\"resources\":[{\"id\":10}]}"
                    : "{\"id\":" + id + ",\"category\":null,\"resources\":[{\"id\":11}]}";
        }

        @Override
        public JsonBody services(ServiceQuery query) {
            String items = query.categoryId() == null ? serviceJson(1) + "," + serviceJson(2) : serviceJson(2);
            return answer("{\"items\":[" + items + "],\"query\":\"" + query.hashCode() + "\"}");
        }

        @Override
        public JsonBody service(long id) {
            if (id == 404) {
                loads.incrementAndGet();
                throw ApiException.notFound(app.citas.platform.Message.verbatim("Service 404 was not found."));
            }
            return answer(serviceJson(id));
        }

        @Override
        public JsonBody resources(ResourceQuery query) {
            return answer("{\"items\":[" + (query.serviceId() == null ? resourceJson(10) + "," + resourceJson(11) : "")
                    + "]}");
        }

        private static String resourceJson(long id) {
            return "{\"id\":" + id + ",\"services\":[{\"id\":" + (id - 9) + "}]}";
        }

        @Override
        public JsonBody resource(long id) {
            return answer(resourceJson(id));
        }

        @Override
        public CategoryView createCategory(CategoryInput input) {
            return new CategoryView(1, input.name());
        }

        @Override
        public CategoryView updateCategory(long id, CategoryInput input) {
            return new CategoryView(id, input.name());
        }

        @Override
        public void deleteCategory(long id) {
        }

        @Override
        public ServiceView createService(ServiceInput input) {
            return new ServiceView(1, input.name(), "", 30, BigDecimal.ONE, "EUR", true, null, List.of(), 0, 0, 0, 365, 15, 0);
        }

        @Override
        public ServiceView updateService(long id, ServiceInput input) {
            return createService(input);
        }

        @Override
        public void deactivateService(long id) {
        }

        @Override
        public ResourceView createResource(ResourceInput input) {
            return null;
        }

        @Override
        public ResourceView updateResource(long id, ResourceInput input) {
            return null;
        }

        @Override
        public void deactivateResource(long id) {
        }
    }
}
