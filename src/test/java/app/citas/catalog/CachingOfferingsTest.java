package app.citas.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.citas.cache.InMemoryCache;
import app.citas.catalog.CatalogChanges.ResourceState;
import app.citas.catalog.CatalogChanges.ServiceState;
import app.citas.catalog.Offerings.BookableResource;
import app.citas.catalog.Offerings.BookableService;
import app.citas.catalog.Offerings.ScheduleExceptions;
import app.citas.catalog.Offerings.ServiceSchedules;
import app.citas.catalog.Offerings.ServiceWithResources;
import app.citas.catalog.Offerings.TimeOff;
import app.citas.platform.JsonBody;
import app.citas.platform.JsonMapper;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Availability's service schedules through the catalog cache: the cached value equals the database's (zone, hours,
 * rules, time off and date overrides survive the round trip), and each write that can change it invalidates it,
 * through the same plans {@link CatalogInvalidation} makes for the catalog's own reads.
 */
class CachingOfferingsTest {
    private static final ServiceRules RULES = new ServiceRules(10, 20, 60, 30, 20, 120);

    private final InMemoryCache.Tags tags = new InMemoryCache.Tags();
    private final InMemoryCache<JsonBody> services = new InMemoryCache<>("services", tags);
    private final InMemoryCache<JsonBody> others = new InMemoryCache<>("others", tags);
    private final CountingOfferings database = new CountingOfferings();
    private final CachingOfferings offerings = new CachingOfferings(database, services, JsonMapper.create());
    private final CatalogInvalidation invalidation = new CatalogInvalidation(others, services, others, tags,
            Runnable::run);

    private static BookableResource resource(long id, String zone) {
        return new BookableResource(id, "R" + id, ResourceKind.STAFF, ZoneId.of(zone),
                List.of(new WorkingPeriod(1, LocalTime.of(9, 0), LocalTime.of(13, 30)),
                        new WorkingPeriod(3, LocalTime.of(15, 0), LocalTime.of(19, 0))), true);
    }

    private static final Instant SINCE = Instant.parse("2026-12-01T10:00:00Z");

    private ServiceSchedules stored(long serviceId, long... resourceIds) {
        List<BookableResource> resources = java.util.Arrays.stream(resourceIds)
                .mapToObj(id -> resource(id, id % 2 == 0 ? "America/Bogota" : "Europe/Madrid")).toList();
        ServiceWithResources offered = new ServiceWithResources(new BookableService(serviceId, "S" + serviceId, 45,
                new BigDecimal("19.90"), "EUR", true, RULES), resources);
        ScheduleExceptions exceptions = new ScheduleExceptions(
                List.of(new TimeOff(Instant.parse("2026-12-24T00:00:00Z"), Instant.parse("2026-12-27T00:00:00Z"))),
                Map.of(LocalDate.parse("2026-12-31"), List.of(new DayPeriod(LocalTime.of(9, 0), LocalTime.of(14, 0))),
                        LocalDate.parse("2027-01-06"), List.of()));
        ServiceSchedules schedules = new ServiceSchedules(offered, Map.of(resourceIds[0], exceptions));
        database.rows.put(serviceId, schedules);
        return schedules;
    }

    @Test
    void theSecondReadIsTheCachedEqualValue() {
        ServiceSchedules schedules = stored(7, 1, 2);
        assertEquals(Optional.of(schedules), offerings.serviceSchedules(7, SINCE));
        assertEquals(Optional.of(schedules), offerings.serviceSchedules(7, SINCE));
        assertEquals(1, database.loads.get());
    }

    @Test
    void aMissingServiceIsNotStored() {
        assertEquals(Optional.empty(), offerings.serviceSchedules(8, SINCE));
        stored(8, 1);
        assertTrue(offerings.serviceSchedules(8, SINCE).isPresent(), "a service created after a miss is found");
        assertEquals(2, database.loads.get());
    }

    @Test
    void anyWriteOfTheServiceOrOfOneOfItsResourcesReloadsIt() {
        stored(7, 1, 2);
        stored(9, 3);
        offerings.serviceSchedules(7, SINCE);
        offerings.serviceSchedules(9, SINCE);
        ServiceState service = new ServiceState("S7", "", 45, new BigDecimal("19.90"), "EUR", null, true, Set.of(1L, 2L),
                RULES);
        invalidation.apply(CatalogInvalidation.forService(7, service, new ServiceState("S7", "", 45,
                new BigDecimal("19.90"), "EUR", null, true, Set.of(1L, 2L), new ServiceRules(0, 0, 0, 30, 20, 120))));
        assertLoads(1, 0); // a rules edit
        ResourceState resource = new ResourceState("R2", ResourceKind.STAFF, "", "America/Bogota", true,
                List.of(new WorkingPeriod(1, LocalTime.of(9, 0), LocalTime.of(13, 30))), Set.of(7L));
        invalidation.apply(CatalogInvalidation.forResource(2, resource, new ResourceState("R2", ResourceKind.STAFF, "",
                "America/Bogota", true, List.of(), Set.of(7L))));
        assertLoads(1, 0); // working hours of one of its resources
        stored(7, 1, 2, 3);
        invalidation.apply(CatalogInvalidation.forResource(3, new ResourceState("R3", ResourceKind.ROOM, "",
                "Europe/Madrid", true, List.of(), Set.of(9L)), new ResourceState("R3", ResourceKind.ROOM, "",
                "Europe/Madrid", true, List.of(), Set.of(9L, 7L))));
        assertLoads(1, 1); // a resource newly offering 7 (and still 9)
        invalidation.apply(CatalogInvalidation.forSchedule(1));
        assertLoads(1, 0); // time off or a date override of one of its resources
        invalidation.apply(CatalogInvalidation.forSchedule(3));
        assertLoads(1, 1);
    }

    /** Reads both services; asserts how many of each were loaded from the database. */
    private void assertLoads(int seven, int nine) {
        int before7 = database.loadsOf(7);
        int before9 = database.loadsOf(9);
        offerings.serviceSchedules(7, SINCE);
        offerings.serviceSchedules(9, SINCE);
        assertEquals(seven, database.loadsOf(7) - before7, "loads of 7");
        assertEquals(nine, database.loadsOf(9) - before9, "loads of 9");
    }

    private static final class CountingOfferings implements Offerings {
        final Map<Long, ServiceSchedules> rows = new HashMap<>();
        final AtomicInteger loads = new AtomicInteger();
        final Map<Long, Integer> loadsById = new HashMap<>();

        int loadsOf(long id) {
            return loadsById.getOrDefault(id, 0);
        }

        @Override
        public Optional<ServiceSchedules> serviceSchedules(long serviceId, Instant since) {
            loads.incrementAndGet();
            loadsById.merge(serviceId, 1, Integer::sum);
            return Optional.ofNullable(rows.get(serviceId));
        }

        @Override
        public Optional<ServiceWithResources> serviceWithResources(long serviceId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<BookableService> service(long id) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<BookableResource> resource(long id) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<ScheduleExceptions> offeredSchedule(long resourceId, long serviceId, Instant from,
                                                            Instant to) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Map<Long, ScheduleExceptions> scheduleExceptions(Collection<Long> resourceIds, Instant from, Instant to) {
            throw new UnsupportedOperationException();
        }
    }
}
