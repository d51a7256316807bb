package app.citas.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import app.citas.catalog.CatalogQueries.ResourceQuery;
import app.citas.catalog.CatalogQueries.ServiceQuery;
import app.citas.catalog.CatalogQueries.ServiceSort;
import app.citas.catalog.ResourceKind;
import app.citas.platform.PageRequest;
import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every component of a catalog query is part of its cache key: changing any one of them changes the key. */
class CacheKeyTest {
    @Test
    void everyComponentOfAServiceQueryChangesTheKey() throws Exception {
        assertEveryComponentCounts(new ServiceQuery(3L, "cut", true, ServiceSort.NAME, new PageRequest(1, 20)));
    }

    @Test
    void everyComponentOfAResourceQueryChangesTheKey() throws Exception {
        assertEveryComponentCounts(new ResourceQuery(ResourceKind.ROOM, 4L, "lift", true, new PageRequest(2, 20)));
    }

    @Test
    void equalQueriesShareAKey() {
        assertEquals(CacheKey.of(new ServiceQuery(null, "a b", true, ServiceSort.PRICE, new PageRequest(1, 5))),
                CacheKey.of(new ServiceQuery(null, "a b", true, ServiceSort.PRICE, new PageRequest(1, 5))));
    }

    @Test
    void textCannotForgeAnotherQuerysKey() {
        // Without encoding, a search text holding the separators could equal another query's key.
        ServiceQuery plain = new ServiceQuery(null, "a", true, ServiceSort.NAME, new PageRequest(1, 20));
        ServiceQuery forged = new ServiceQuery(null, "a\",true", true, ServiceSort.NAME, new PageRequest(1, 20));
        assertNotEquals(CacheKey.of(plain), CacheKey.of(forged));
        assertNotEquals(CacheKey.of(new ServiceQuery(null, null, true, ServiceSort.NAME, new PageRequest(1, 20))),
                CacheKey.of(new ServiceQuery(null, "~", true, ServiceSort.NAME, new PageRequest(1, 20))));
    }

    private static void assertEveryComponentCounts(Record base) throws Exception {
        RecordComponent[] components = base.getClass().getRecordComponents();
        Constructor<?> constructor = base.getClass().getDeclaredConstructor(
                Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new));
        for (int i = 0; i < components.length; i++) {
            List<Object> values = new ArrayList<>();
            for (RecordComponent component : components) {
                values.add(component.getAccessor().invoke(base));
            }
            values.set(i, another(values.get(i)));
            Object changed = constructor.newInstance(values.toArray());
            assertNotEquals(CacheKey.of(base), CacheKey.of(changed), components[i].getName() + " is not in the key");
        }
    }

    private static Object another(Object value) {
        if (value instanceof Long number) {
            return number + 1;
        }
        if (value instanceof String text) {
            return text + "x";
        }
        if (value instanceof Boolean flag) {
            return !flag;
        }
        if (value instanceof Enum<?> constant) {
            Object[] constants = constant.getDeclaringClass().getEnumConstants();
            return constants[(constant.ordinal() + 1) % constants.length];
        }
        if (value instanceof PageRequest page) {
            return new PageRequest(page.page() + 1, page.size());
        }
        throw new IllegalArgumentException("no other value for " + value);
    }
}
