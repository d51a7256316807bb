package app.citas.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import app.citas.cache.InMemoryCache;
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
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The decorator's logic against in-memory caches: keys, hits, invalidation after commit, single flight. */
class CachingCatalogTest {
    private final CountingCatalog database = new CountingCatalog();
    private final InMemoryCache<JsonBody> categories = new InMemoryCache<>("categories");
    private final InMemoryCache<JsonBody> services = new InMemoryCache<>("services");
    private final InMemoryCache<JsonBody> resources = new InMemoryCache<>("resources");
    private final List<Runnable> pendingCommits = new ArrayList<>();
    private final CachingCatalog catalog = new CachingCatalog(database, categories, services, resources,
            pendingCommits::add);

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

    @Test
    void writesClearEveryRegionOnlyAfterCommit() {
        catalog.services(query(null, null));
        catalog.resource(1);
        catalog.categories(new PageRequest(1, 20));
        catalog.deactivateResource(1);
        assertEquals(1, services.size(), "nothing is cleared before the transaction commits");
        pendingCommits.forEach(Runnable::run);
        assertEquals(0, services.size());
        assertEquals(0, resources.size());
        assertEquals(0, categories.size());
        catalog.services(query(null, null));
        assertEquals(4, database.loads.get(), "the next read goes to the database");
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
                assertEquals("service 5", new String(read.get(10, TimeUnit.SECONDS).bytes(), StandardCharsets.UTF_8));
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, database.loads.get());
    }

    /** A catalog that answers canned JSON and counts loads; id 404 does not exist. */
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
            return answer("categories " + page);
        }

        @Override
        public JsonBody services(ServiceQuery query) {
            return answer("services " + query);
        }

        @Override
        public JsonBody service(long id) {
            if (id == 404) {
                loads.incrementAndGet();
                throw ApiException.notFound("Service 404");
            }
            return answer("service " + id);
        }

        @Override
        public JsonBody resources(ResourceQuery query) {
            return answer("resources " + query);
        }

        @Override
        public JsonBody resource(long id) {
            return answer("resource " + id);
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
            return new ServiceView(1, input.name(), "", 30, BigDecimal.ONE, "EUR", true, null, List.of());
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
