package app.citas.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.citas.catalog.CatalogQueries.ServiceSort;
import app.citas.platform.ApiException;
import app.citas.platform.Problem.FieldError;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class ServiceSortTest {
    @Test
    void absentSortsByName() {
        assertEquals(ServiceSort.NAME, ServiceSort.parse(null));
    }

    @ParameterizedTest
    @CsvSource({
            "name, NAME",
            "-name, NAME_DESC",
            "price, PRICE",
            "-price, PRICE_DESC",
            "durationMinutes, DURATION",
            "-durationMinutes, DURATION_DESC",
            "' -price ', PRICE_DESC"})
    void everyParameterValue(String value, ServiceSort expected) {
        assertEquals(expected, ServiceSort.parse(value));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "NAME", "Name", "+name", "--name", "duration", "-duration", "price,name",
            "name desc", "s.name asc; drop table service"})
    void anythingElseIsA400OnSort(String value) {
        ApiException e = assertThrows(ApiException.class, () -> ServiceSort.parse(value));
        assertEquals(400, e.status());
        assertEquals(List.of(new FieldError("sort",
                "must be one of name, -name, price, -price, durationMinutes, -durationMinutes")), e.problem().errors());
    }

    @Test
    void namesSortCaseInsensitively() {
        assertTrue(ServiceSort.NAME.orderBy.startsWith("lower(s.name) asc"), ServiceSort.NAME.orderBy);
        assertTrue(ServiceSort.NAME_DESC.orderBy.startsWith("lower(s.name) desc"), ServiceSort.NAME_DESC.orderBy);
    }

    @ParameterizedTest
    @EnumSource(ServiceSort.class)
    void everyOrderEndsWithTheIdAsATieBreakerInTheSameDirection(ServiceSort sort) {
        // Paging is only stable when the order is total.
        String direction = sort.name().endsWith("_DESC") ? "desc" : "asc";
        assertTrue(sort.orderBy.endsWith(", s.id " + direction), sort.orderBy);
        assertTrue(sort.orderBy.split(",")[0].endsWith(" " + direction), sort.orderBy);
    }
}
