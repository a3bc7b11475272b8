package dev.loadkit.core.internal.feeder;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Deep, order-preserving immutable copies of rows. Rows are shared by every virtual user, so a nested list or
 * map that one user mutated would silently change the data of all the others.
 */
public final class ImmutableRows {

    private ImmutableRows() {}

    /** Copies {@code row}, keeping its key order and copying nested maps and lists as well. */
    public static Map<String, Object> copyOf(Map<String, ?> row) {
        Map<String, Object> copy = new LinkedHashMap<>(row.size() * 4 / 3 + 1);
        row.forEach((key, value) -> copy.put(key, copyValue(value)));
        return Collections.unmodifiableMap(copy);
    }

    private static Object copyValue(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> copy = new LinkedHashMap<>(map.size() * 4 / 3 + 1);
            map.forEach((key, nested) -> copy.put(key, copyValue(nested)));
            return Collections.unmodifiableMap(copy);
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            list.forEach(nested -> copy.add(copyValue(nested)));
            return Collections.unmodifiableList(copy);
        }
        return value;
    }
}
