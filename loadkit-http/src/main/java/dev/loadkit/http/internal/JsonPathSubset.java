package dev.loadkit.http.internal;

import com.fasterxml.jackson.core.JsonPointer;

/**
 * The subset of JSONPath that names one value ({@code $.data.items[0].id}, {@code $['a b'].c}),
 * translated once into a JSON pointer. Wildcards, slices and filters select several values and are
 * refused when the check is defined.
 */
public final class JsonPathSubset {

    private JsonPathSubset() {
    }

    /**
     * Translates a path.
     *
     * @param path the JSONPath
     * @return the equivalent JSON pointer
     * @throws IllegalArgumentException for a path outside the subset
     */
    public static JsonPointer toPointer(String path) {
        if (!path.startsWith("$")) {
            throw unsupported(path);
        }
        StringBuilder pointer = new StringBuilder();
        int i = 1;
        while (i < path.length()) {
            char c = path.charAt(i);
            if (c == '.') {
                int end = i + 1;
                while (end < path.length() && path.charAt(end) != '.' && path.charAt(end) != '[') {
                    end++;
                }
                String field = path.substring(i + 1, end);
                if (field.isEmpty() || field.equals("*")) {
                    throw unsupported(path);
                }
                append(pointer, field);
                i = end;
            } else if (c == '[') {
                int end = path.indexOf(']', i);
                if (end < 0) {
                    throw unsupported(path);
                }
                String inside = path.substring(i + 1, end).trim();
                if (inside.length() >= 2 && (inside.startsWith("'") && inside.endsWith("'")
                        || inside.startsWith("\"") && inside.endsWith("\""))) {
                    append(pointer, inside.substring(1, inside.length() - 1));
                } else if (!inside.isEmpty() && inside.chars().allMatch(Character::isDigit)) {
                    pointer.append('/').append(inside);
                } else {
                    throw unsupported(path);
                }
                i = end + 1;
            } else {
                throw unsupported(path);
            }
        }
        return JsonPointer.compile(pointer.toString());
    }

    private static void append(StringBuilder pointer, String field) {
        pointer.append('/').append(field.replace("~", "~0").replace("/", "~1"));
    }

    private static IllegalArgumentException unsupported(String path) {
        return new IllegalArgumentException("JSONPath '" + path + "' is not supported: use one value's path, "
                + "like $.data.items[0].id or $['a b'].c");
    }
}
