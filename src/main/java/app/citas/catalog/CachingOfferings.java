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
 * {@link Offerings} with {@link #serviceWithResources} read through the catalog's services region, as the catalog's
 * own reads are: availability asks it on every request, and it changes only when the service, one of its resources
 * or their links are written. The entry carries the tags {@code service:S} and {@code resource:R} of every resource
 * in it, which {@link CatalogInvalidation} invalidates on exactly those writes (rules, hours, zone, active, links),
 * after they commit, on every node sharing the Redis. Everything else (what a booking checks) reads the database.
 */
final class CachingOfferings implements Offerings {
    private static final byte[] NO_SERVICE = "null".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private final Offerings delegate;
    private final Cache<String, JsonBody> services;
    private final ObjectMapper json;
    // The node's cache hands back the same body instance while its entry is current: decode each instance once.
    private final com.github.benmanes.caffeine.cache.Cache<JsonBody, Optional<ServiceWithResources>> decoded =
            Caffeine.newBuilder().weakKeys().maximumSize(10_000).build();

    CachingOfferings(Offerings delegate, Cache<String, JsonBody> services, ObjectMapper json) {
        this.delegate = delegate;
        this.services = services;
        this.json = json;
    }

    static String key(long serviceId) {
        return "bookable:" + serviceId;
    }

    @Override
    public Optional<ServiceWithResources> serviceWithResources(long serviceId) {
        JsonBody body = services.getOrLoad(key(serviceId), List.of(), this::tags,
                () -> delegate.serviceWithResources(serviceId).map(s -> JsonBody.of(json, s))
                        .orElseGet(() -> JsonBody.of(NO_SERVICE)));
        Optional<ServiceWithResources> offered = decoded.get(body, this::decode);
        return offered != null ? offered : delegate.serviceWithResources(serviceId); // unreadable entry: the database
    }

    /** What can change the entry; null (not stored) for a missing service, which a create does not invalidate. */
    private Set<String> tags(JsonBody body) {
        Optional<ServiceWithResources> offered = decode(body);
        return offered == null ? null : offered.map(found -> {
            Set<String> tags = new LinkedHashSet<>();
            tags.add("service:" + found.service().id());
            found.resources().forEach(r -> tags.add("resource:" + r.id()));
            return tags;
        }).orElse(null);
    }

    /** The service, empty for a missing one, or null when the bytes cannot be read as either. */
    private Optional<ServiceWithResources> decode(JsonBody body) {
        try {
            return Optional.ofNullable(json.readValue(body.bytes(), ServiceWithResources.class));
        } catch (IOException e) {
            return null;
        }
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
    public boolean offers(long resourceId, long serviceId) {
        return delegate.offers(resourceId, serviceId);
    }

    @Override
    public Map<Long, ScheduleExceptions> scheduleExceptions(Collection<Long> resourceIds, Instant from, Instant to) {
        return delegate.scheduleExceptions(resourceIds, from, to);
    }

    @Override
    public Map<Long, ServiceSummary> serviceSummaries(Collection<Long> ids) {
        return delegate.serviceSummaries(ids);
    }

    @Override
    public Map<Long, ResourceSummary> resourceSummaries(Collection<Long> ids) {
        return delegate.resourceSummaries(ids);
    }
}
