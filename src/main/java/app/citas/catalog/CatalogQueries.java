package app.citas.catalog;

import app.citas.platform.ApiException;
import app.citas.platform.PageRequest;
import app.citas.platform.QueryParams;
import java.util.Map;

/** Validated filters and sort orders of the catalog list endpoints. */
public final class CatalogQueries {
    private CatalogQueries() {
    }

    public record ServiceQuery(Long categoryId, String text, boolean active, ServiceSort sort, PageRequest page) {
        /** From the list's query parameters as sent (null when absent); 400 for one that does not parse. */
        static ServiceQuery parse(String category, String text, String active, String sort, String page, String size) {
            return new ServiceQuery(QueryParams.id("category", category), QueryParams.text("q", text, 200),
                    QueryParams.bool("active", active, true), ServiceSort.parse(sort), PageRequest.parse(page, size));
        }
    }

    public record ResourceQuery(ResourceKind kind, Long serviceId, String text, boolean active, PageRequest page) {
        /** From the list's query parameters as sent (null when absent); 400 for one that does not parse. */
        static ResourceQuery parse(String kind, String serviceId, String text, String active, String page,
                                   String size) {
            return new ResourceQuery(QueryParams.enumValue("kind", kind, ResourceKind.class),
                    QueryParams.id("serviceId", serviceId), QueryParams.text("q", text, 200),
                    QueryParams.bool("active", active, true), PageRequest.parse(page, size));
        }
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
