package app.citas.catalog;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What the database catalog tells about each write that changed something, inside the write's transaction: the
 * stored state before (null for a create) and after. A write whose input equals the stored state is not made and
 * not reported.
 */
interface CatalogChanges {
    CatalogChanges NONE = new CatalogChanges() {
        @Override
        public void categoryChanged(long id) {
        }

        @Override
        public void serviceChanged(long id, ServiceState before, ServiceState after) {
        }

        @Override
        public void resourceChanged(long id, ResourceState before, ResourceState after) {
        }

        @Override
        public void scheduleChanged(long resourceId) {
        }
    };

    /** A category created, renamed or deleted. */
    void categoryChanged(long id);

    void serviceChanged(long id, ServiceState before, ServiceState after);

    void resourceChanged(long id, ResourceState before, ResourceState after);

    /** The resource's time off or date overrides changed (one added, replaced or removed). */
    void scheduleChanged(long resourceId);

    /** Everything a service write can set, normalised as stored (trimmed name, price with two decimals). */
    record ServiceState(String name, String description, int durationMinutes, BigDecimal price, String currency,
                        Long categoryId, boolean active, Set<Long> resourceIds, ServiceRules rules) {
        static ServiceState of(Service s) {
            return new ServiceState(s.getName(), s.getDescription(), s.getDurationMinutes(), s.getPrice(),
                    s.getCurrency(), s.getCategory() == null ? null : s.getCategory().getId(), s.isActive(),
                    s.getResources().stream().map(Resource::getId).collect(Collectors.toUnmodifiableSet()),
                    s.getRules());
        }

        /** The state the input would store ({@link Service#apply}'s rules). */
        static ServiceState of(ServiceInput in) {
            return new ServiceState(in.name().trim(), in.description() == null ? "" : in.description(),
                    in.durationMinutes(), in.price().setScale(2, RoundingMode.UNNECESSARY), in.currency(),
                    in.categoryId(), in.active() == null || in.active(),
                    Set.copyOf(new LinkedHashSet<>(in.resourceIds() == null ? List.of() : in.resourceIds())),
                    ServiceRules.of(in));
        }

        ServiceState deactivated() {
            return new ServiceState(name, description, durationMinutes, price, currency, categoryId, false, resourceIds,
                    rules);
        }
    }

    /** Everything a resource write can set, normalised as stored. */
    record ResourceState(String name, ResourceKind kind, String description, String timezone, boolean active,
                         List<WorkingPeriod> workingHours, Set<Long> serviceIds) {
        static ResourceState of(Resource r) {
            return new ResourceState(r.getName(), r.getKind(), r.getDescription(), r.getTimezone(), r.isActive(),
                    List.copyOf(r.getWorkingHours()),
                    r.getServices().stream().map(Service::getId).collect(Collectors.toUnmodifiableSet()));
        }

        /** The state the input would store ({@link Resource#apply}'s rules). */
        static ResourceState of(ResourceInput in) {
            return new ResourceState(in.name().trim(), in.kind(), in.description() == null ? "" : in.description(),
                    in.timezone(), in.active() == null || in.active(),
                    List.copyOf(new ArrayList<>(in.workingHours() == null ? List.of() : in.workingHours())),
                    Set.copyOf(new LinkedHashSet<>(in.serviceIds() == null ? List.of() : in.serviceIds())));
        }

        ResourceState deactivated() {
            return new ResourceState(name, kind, description, timezone, false, workingHours, serviceIds);
        }
    }
}
