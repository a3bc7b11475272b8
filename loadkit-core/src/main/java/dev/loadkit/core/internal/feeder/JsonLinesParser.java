package dev.loadkit.core.internal.feeder;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Parses JSON Lines: one JSON object per line, each becoming a row with the Java types Jackson maps to. */
public final class JsonLinesParser {

    // Both features turn silent data loss into an error: a second object on a line, or a key given twice.
    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private JsonLinesParser() {}

    /**
     * Parses {@code text}, skipping blank lines.
     *
     * @param fileName used in error messages only
     * @throws IllegalArgumentException for a line that is not a JSON object, naming the line to fix
     */
    public static List<Map<String, Object>> parse(String text, String fileName) {
        List<Map<String, Object>> rows = new ArrayList<>();
        int lineNumber = 0;
        for (String line : (Iterable<String>) text.lines()::iterator) {
            lineNumber++;
            if (!line.isBlank()) {
                rows.add(ImmutableRows.copyOf(parseObject(line, fileName, lineNumber)));
            }
        }
        return List.copyOf(rows);
    }

    @SuppressWarnings("unchecked") // JSON object keys are always strings
    private static Map<String, ?> parseObject(String line, String fileName, int lineNumber) {
        Object value;
        try {
            value = MAPPER.readValue(line, Object.class);
        } catch (JsonProcessingException e) {
            throw notAnObject(fileName, lineNumber, firstLine(e.getOriginalMessage()));
        }
        if (!(value instanceof Map)) {
            throw notAnObject(fileName, lineNumber, "found " + kind(value) + "; write one {...} object per line");
        }
        return (Map<String, ?>) value;
    }

    private static String kind(Object value) {
        if (value instanceof List) {
            return "an array";
        }
        if (value instanceof String) {
            return "a string";
        }
        return value == null ? "null" : "the value " + value;
    }

    private static String firstLine(String message) {
        return message == null ? "malformed JSON" : message.lines().findFirst().orElse(message).strip();
    }

    private static IllegalArgumentException notAnObject(String fileName, int lineNumber, String detail) {
        return new IllegalArgumentException(fileName + " line " + lineNumber + ": not a JSON object: " + detail);
    }
}
