package app.citas.cache;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A cache key made from a query value itself: a record's type and every component, recursively, so a filter field
 * added to a query record is part of the key without anyone remembering to add it. Strings are URL-encoded and
 * null is written as {@code ~}, so distinct queries never share a key.
 */
public final class CacheKey {
    /** Each record type's accessors, looked up and made accessible once: keys are built on every cached read. */
    private static final ClassValue<List<Method>> ACCESSORS = new ClassValue<>() {
        @Override
        protected List<Method> computeValue(Class<?> type) {
            List<Method> accessors = new ArrayList<>();
            for (RecordComponent component : type.getRecordComponents()) {
                Method accessor = component.getAccessor();
                accessor.setAccessible(true);
                accessors.add(accessor);
            }
            return List.copyOf(accessors);
        }
    };

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
            key.append(record.getClass().getSimpleName()).append('(');
            List<Method> accessors = ACCESSORS.get(record.getClass());
            for (int i = 0; i < accessors.size(); i++) {
                if (i > 0) {
                    key.append(',');
                }
                append(key, read(accessors.get(i), record));
            }
            key.append(')');
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

    private static Object read(Method accessor, Record record) {
        try {
            return accessor.invoke(record);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("Cannot read " + accessor.getName() + " of a cache key", e);
        }
    }
}
