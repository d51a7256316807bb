package app.citas.catalog;

import app.citas.cache.Cache;
import app.citas.platform.JsonBody;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.io.IOException;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@link Offerings} with {@link #serviceSchedules} read through the catalog's services region, as the catalog's own
 * reads are: availability asks it on every request, and it changes only when the service, one of its resources, their
 * links, or the resources' time off and date overrides are written. The entry carries the tags {@code service:S},
 * and {@code resource:R} and {@code schedule:R} of every resource in it, which {@link CatalogInvalidation} invalidates
 * on exactly those writes (rules, hours, zone, active, links; time off, overrides), after they commit, on every node
 * sharing the Redis. Everything else (what a booking checks) reads the database.
 */
final class CachingOfferings implements Offerings {
    private static final byte[] NO_SERVICE = "null".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private final Offerings delegate;
    private final Cache<String, JsonBody> services;
    private final ObjectMapper json;
    // The node's cache hands back the same body instance while its entry is current: decode each instance once.
    private final com.github.benmanes.caffeine.cache.Cache<JsonBody, Optional<ServiceSchedules>> decoded =
            Caffeine.newBuilder().weakKeys().maximumSize(10_000).build();

    CachingOfferings(Offerings delegate, Cache<String, JsonBody> services, ObjectMapper json) {
        this.delegate = delegate;
        this.services = services;
        this.json = json;
    }

    static String key(long serviceId) {
        return "schedules:" + serviceId;
    }

    @Override
    public Optional<ServiceSchedules> serviceSchedules(long serviceId, Instant since) {
        JsonBody body = services.getOrLoad(key(serviceId), List.of(), this::tags,
                () -> delegate.serviceSchedules(serviceId, since).map(s -> JsonBody.of(json, s))
                        .orElseGet(() -> JsonBody.of(NO_SERVICE)));
        Optional<ServiceSchedules> schedules = decoded.get(body, this::decode);
        // An unreadable entry: the database.
        return schedules != null ? schedules : delegate.serviceSchedules(serviceId, since);
    }

    /** What can change the entry; null (not stored) for a missing service, which a create does not invalidate. */
    private Set<String> tags(JsonBody body) {
        Optional<ServiceSchedules> schedules = decode(body);
        return schedules == null ? null : schedules.map(found -> {
            Set<String> tags = new LinkedHashSet<>();
            tags.add("service:" + found.offered().service().id());
            found.offered().resources().forEach(r -> {
                tags.add("resource:" + r.id());
                tags.add(CatalogInvalidation.scheduleTag(r.id()));
            });
            return tags;
        }).orElse(null);
    }

    /** The service, empty for a missing one, or null when the bytes cannot be read as either. */
    private Optional<ServiceSchedules> decode(JsonBody body) {
        try {
            return Optional.ofNullable(json.readValue(body.bytes(), ServiceSchedules.class));
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public Optional<ServiceWithResources> serviceWithResources(long serviceId) {
        return delegate.serviceWithResources(serviceId);
    }

    @Override
    public Optional<BookableService> service(long id) {
        return delegate.service(id);
    }

    @Override
    public Optional<BookableResource> resource(long id) {
        return delegate.resource(id);
    }

    @Override
    public Optional<ScheduleExceptions> offeredSchedule(long resourceId, long serviceId, Instant from, Instant to) {
        return delegate.offeredSchedule(resourceId, serviceId, from, to);
    }

    @Override
    public Map<Long, ScheduleExceptions> scheduleExceptions(Collection<Long> resourceIds, Instant from, Instant to) {
        return delegate.scheduleExceptions(resourceIds, from, to);
    }
}
