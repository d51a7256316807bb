package app.citas.catalog;

import com.fasterxml.jackson.annotation.JsonFormat;
import io.swagger.v3.oas.annotations.media.Schema;
import java.math.BigDecimal;
import java.util.Comparator;
import java.util.List;

/** The JSON shapes of catalog reads. Built inside the unit of work from fetched entities only. */
public final class CatalogViews {
    private CatalogViews() {
    }

    public record CategoryView(long id, String name) {
        static CategoryView of(Category category) {
            return category == null ? null : new CategoryView(category.getId(), category.getName());
        }
    }

    public record ResourceRef(long id, String name, ResourceKind kind) {
    }

    public record ServiceRef(long id, String name) {
    }

    public record ServiceView(long id, String name, String description, int durationMinutes,
                              @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal price, String currency,
                              boolean active, CategoryView category, List<ResourceRef> resources,
                              @Schema(description = ServiceRules.BUFFER_BEFORE) int bufferBeforeMinutes,
                              @Schema(description = ServiceRules.BUFFER_AFTER) int bufferAfterMinutes,
                              @Schema(description = ServiceRules.MIN_NOTICE) int minNoticeMinutes,
                              @Schema(description = ServiceRules.MAX_ADVANCE) int maxAdvanceDays,
                              @Schema(description = ServiceRules.SLOT_INTERVAL) int slotIntervalMinutes,
                              @Schema(description = ServiceRules.CANCELLATION_CUTOFF) int cancellationCutoffMinutes) {
        static ServiceView of(Service s) {
            List<ResourceRef> resources = s.getResources().stream()
                    .filter(Resource::isActive)
                    .sorted(Comparator.comparing((Resource r) -> r.getName().toLowerCase(java.util.Locale.ROOT)).thenComparing(Resource::getId))
                    .map(r -> new ResourceRef(r.getId(), r.getName(), r.getKind()))
                    .toList();
            ServiceRules rules = s.getRules();
            return new ServiceView(s.getId(), s.getName(), s.getDescription(), s.getDurationMinutes(), s.getPrice(),
                    s.getCurrency(), s.isActive(), CategoryView.of(s.getCategory()), resources,
                    rules.bufferBeforeMinutes(), rules.bufferAfterMinutes(), rules.minNoticeMinutes(),
                    rules.maxAdvanceDays(), rules.slotIntervalMinutes(), rules.cancellationCutoffMinutes());
        }
    }

    public record ResourceView(long id, String name, ResourceKind kind, String description, String timezone,
                               boolean active, List<ServiceRef> services, List<WorkingPeriod> workingHours) {
        static ResourceView of(Resource r) {
            List<ServiceRef> services = r.getServices().stream()
                    .filter(Service::isActive)
                    .sorted(Comparator.comparing((Service s) -> s.getName().toLowerCase(java.util.Locale.ROOT)).thenComparing(Service::getId))
                    .map(s -> new ServiceRef(s.getId(), s.getName()))
                    .toList();
            List<WorkingPeriod> hours = r.getWorkingHours().stream()
                    .sorted(Comparator.comparing(WorkingPeriod::weekday).thenComparing(WorkingPeriod::start))
                    .toList();
            return new ResourceView(r.getId(), r.getName(), r.getKind(), r.getDescription(), r.getTimezone(),
                    r.isActive(), services, hours);
        }
    }

    /** Documentation shapes of the list responses (OpenAPI cannot name a generic page type). */
    public record CategoryPage(List<CategoryView> items, int page, int size, long total) {
    }

    public record ServicePage(List<ServiceView> items, int page, int size, long total) {
    }

    public record ResourcePage(List<ResourceView> items, int page, int size, long total) {
    }
}
