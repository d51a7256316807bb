package app.citas.cache;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.StringJoiner;

/**
 * A cache key made from a query value itself: a record's type and every component, recursively, so a filter field
 * added to a query record is part of the key without anyone remembering to add it. Strings are URL-encoded and
 * null is written as {@code ~}, so distinct queries never share a key.
 */
public final class CacheKey {
    private CacheKey() {
    }

    public static String of(Object query) {
        StringBuilder key = new StringBuilder();
        append(key, query);
        return key.toString();
    }

    private static void append(StringBuilder key, Object value) {
        if (value == null) {
            key.append('~');
        } else if (value instanceof Record record) {
            key.append(record.getClass().getSimpleName());
            StringJoiner components = new StringJoiner(",", "(", ")");
            for (RecordComponent component : record.getClass().getRecordComponents()) {
                StringBuilder part = new StringBuilder();
                append(part, read(component, record));
                components.add(part);
            }
            key.append(components);
        } else if (value instanceof String text) {
            key.append('"').append(URLEncoder.encode(text, StandardCharsets.UTF_8)).append('"');
        } else if (value instanceof Enum<?> constant) {
            key.append(constant.name());
        } else if (value instanceof Number || value instanceof Boolean) {
            key.append(value);
        } else {
            throw new IllegalArgumentException("No cache key for a " + value.getClass().getSimpleName()
                    + ": use records, strings, enums, numbers and booleans");
        }
    }

    private static Object read(RecordComponent component, Record record) {
        try {
            component.getAccessor().setAccessible(true);
            return component.getAccessor().invoke(record);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("Cannot read " + component.getName() + " of a cache key", e);
        }
    }
}
