package app.citas.catalog;

import app.citas.platform.ApiException;
import app.citas.platform.PageRequest;
import java.util.Map;

/** Validated filters and sort orders of the catalog list endpoints. */
public final class CatalogQueries {
    private CatalogQueries() {
    }

    public record ServiceQuery(Long categoryId, String text, boolean active, ServiceSort sort, PageRequest page) {
    }

    public record ResourceQuery(ResourceKind kind, Long serviceId, String text, boolean active, PageRequest page) {
    }

    public enum ServiceSort {
        NAME("lower(s.name) asc, s.id asc"), NAME_DESC("lower(s.name) desc, s.id desc"),
        PRICE("s.price asc, s.id asc"), PRICE_DESC("s.price desc, s.id desc"),
        DURATION("s.durationMinutes asc, s.id asc"), DURATION_DESC("s.durationMinutes desc, s.id desc");

        private static final Map<String, ServiceSort> BY_PARAM = Map.of(
                "name", NAME, "-name", NAME_DESC, "price", PRICE, "-price", PRICE_DESC,
                "durationMinutes", DURATION, "-durationMinutes", DURATION_DESC);

        final String orderBy;

        ServiceSort(String orderBy) {
            this.orderBy = orderBy;
        }

        public static ServiceSort parse(String value) {
            if (value == null) {
                return NAME;
            }
            ServiceSort sort = BY_PARAM.get(value.trim());
            if (sort == null) {
                throw ApiException.invalidField("sort",
                        CatalogMessages.of("sort.invalid"));
            }
            return sort;
        }
    }
}
