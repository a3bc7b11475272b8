package dev.loadkit.core.metrics;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * An immutable set of tags ({@code name=get vm}, {@code method=GET}, ...) that identifies a series of a
 * metric together with the metric's name. Thresholds filter on tags (k6's
 * {@code http_req_duration{name:get vm}}); reports group by them.
 *
 * <p>Tags are kept sorted by key, and the hash code is computed once, so a driver that builds its tags
 * once per request definition can look its series up on every request without allocating.
 */
public final class Tags {

    /** The tag that names a request, a message or a command in reports and thresholds. */
    public static final String NAME = "name";

    private static final Tags EMPTY = new Tags(new String[0]);

    /** Keys and values, alternating, sorted by key. */
    private final String[] keysAndValues;
    private final int hash;

    private Tags(String[] keysAndValues) {
        this.keysAndValues = keysAndValues;
        this.hash = Arrays.hashCode(keysAndValues);
    }

    /**
     * No tags.
     *
     * @return the empty set
     */
    public static Tags empty() {
        return EMPTY;
    }

    /**
     * One tag.
     *
     * @param key the tag's key
     * @param value the tag's value
     * @return the set
     */
    public static Tags of(String key, String value) {
        return EMPTY.and(key, value);
    }

    /**
     * Tags from key/value pairs: {@code Tags.of("name", "get vm", "method", "GET")}.
     *
     * @param keysAndValues keys and values, alternating
     * @return the set
     */
    public static Tags of(String... keysAndValues) {
        if (keysAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("tags come in key/value pairs");
        }
        Tags tags = EMPTY;
        for (int i = 0; i < keysAndValues.length; i += 2) {
            tags = tags.and(keysAndValues[i], keysAndValues[i + 1]);
        }
        return tags;
    }

    /**
     * Tags from a map.
     *
     * @param tags keys and values
     * @return the set
     */
    public static Tags of(Map<String, String> tags) {
        Tags result = EMPTY;
        for (Map.Entry<String, String> tag : tags.entrySet()) {
            result = result.and(tag.getKey(), tag.getValue());
        }
        return result;
    }

    /**
     * These tags with one more, or with a new value for an existing key.
     *
     * @param key the tag's key
     * @param value the tag's value
     * @return a new set
     */
    public Tags and(String key, String value) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        int index = indexOf(key);
        if (index >= 0) {
            if (keysAndValues[index + 1].equals(value)) {
                return this;
            }
            String[] copy = keysAndValues.clone();
            copy[index + 1] = value;
            return new Tags(copy);
        }
        int insertAt = 0;
        while (insertAt < keysAndValues.length && keysAndValues[insertAt].compareTo(key) < 0) {
            insertAt += 2;
        }
        String[] copy = new String[keysAndValues.length + 2];
        System.arraycopy(keysAndValues, 0, copy, 0, insertAt);
        copy[insertAt] = key;
        copy[insertAt + 1] = value;
        System.arraycopy(keysAndValues, insertAt, copy, insertAt + 2, keysAndValues.length - insertAt);
        return new Tags(copy);
    }

    /**
     * The value of a tag.
     *
     * @param key the tag's key
     * @return the value, or {@code null} when the tag is absent
     */
    public String get(String key) {
        int index = indexOf(key);
        return index >= 0 ? keysAndValues[index + 1] : null;
    }

    /**
     * Whether every tag of a filter is present here with the same value, as k6 matches
     * {@code metric{key:value}} in thresholds.
     *
     * @param filter the tags that must match
     * @return true when all of them match
     */
    public boolean matches(Map<String, String> filter) {
        for (Map.Entry<String, String> wanted : filter.entrySet()) {
            if (!wanted.getValue().equals(get(wanted.getKey()))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether there are no tags.
     *
     * @return true when empty
     */
    public boolean isEmpty() {
        return keysAndValues.length == 0;
    }

    /**
     * The tags as a map sorted by key.
     *
     * @return an unmodifiable map
     */
    public Map<String, String> asMap() {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return Collections.unmodifiableMap(map);
    }

    private int indexOf(String key) {
        for (int i = 0; i < keysAndValues.length; i += 2) {
            if (keysAndValues[i].equals(key)) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Tags tags && hash == tags.hash && Arrays.equals(keysAndValues, tags.keysAndValues);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    /** Formats as k6 does in threshold expressions: {@code {method:GET,name:get vm}}. */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("{");
        for (int i = 0; i < keysAndValues.length; i += 2) {
            if (i > 0) {
                text.append(',');
            }
            text.append(keysAndValues[i]).append(':').append(keysAndValues[i + 1]);
        }
        return text.append('}').toString();
    }
}
