package dev.loadkit.redis;

import java.util.Map;
import java.util.Optional;

/**
 * A message read from a stream: its id and its fields (without the stamp a loadkit producer adds).
 *
 * @param stream the stream's key
 * @param id the entry's id, such as {@code 1700000000000-0}
 * @param fields the fields, in order
 * @param sentAtMicros when a loadkit producer added it, microseconds since the epoch; 0 when not stamped
 */
public record StreamEntry(String stream, String id, Map<String, String> fields, long sentAtMicros) {

    /**
     * A field's value.
     *
     * @param name the field
     * @return its value, if present
     */
    public Optional<String> field(String name) {
        return Optional.ofNullable(fields.get(name));
    }
}
