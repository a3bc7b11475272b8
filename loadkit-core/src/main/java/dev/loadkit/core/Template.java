package dev.loadkit.core;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Text with {@code {key}} placeholders filled from a session's values, such as {@code /api/vms/{vmId}}.
 * Parsed once when a request is defined; filling it costs one pass over its parts. A brace that does
 * not enclose a name (such as a JSON object's) is kept as text. Drivers use it for every text a test defines
 * once and a virtual user fills: paths, headers, bodies, gRPC metadata and JSON requests.
 */
public final class Template {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z_][A-Za-z0-9_.-]*)}");

    private final String text;
    /** Alternating literal text and keys, starting with text. */
    private final List<String> parts;

    private Template(String text, List<String> parts) {
        this.text = text;
        this.parts = parts;
    }

    /**
     * Parses a template.
     *
     * @param text the text with placeholders
     * @return the template
     */
    public static Template parse(String text) {
        List<String> parts = new ArrayList<>();
        Matcher matcher = PLACEHOLDER.matcher(text);
        int from = 0;
        while (matcher.find()) {
            parts.add(text.substring(from, matcher.start()));
            parts.add(matcher.group(1));
            from = matcher.end();
        }
        parts.add(text.substring(from));
        return new Template(text, List.copyOf(parts));
    }

    /**
     * Whether the template has placeholders.
     *
     * @return false when it is plain text
     */
    public boolean isConstant() {
        return parts.size() == 1;
    }

    /**
     * Fills the placeholders.
     *
     * @param session the virtual user's session
     * @param escape applied to each value, such as URL or JSON escaping
     * @return the text
     * @throws IllegalStateException when the session lacks a value
     */
    public String render(Session session, UnaryOperator<String> escape) {
        if (isConstant()) {
            return text;
        }
        StringBuilder result = new StringBuilder(text.length() + 16);
        for (int i = 0; i < parts.size(); i++) {
            String part = parts.get(i);
            if (i % 2 == 0) {
                result.append(part);
            } else {
                Object value = session.find(part).orElseThrow(() -> new IllegalStateException(
                        "'" + text + "' needs session value '" + part + "', which this virtual user does not have"));
                result.append(escape.apply(String.valueOf(value)));
            }
        }
        return result.toString();
    }

    /**
     * The template as written.
     *
     * @return the text
     */
    @Override
    public String toString() {
        return text;
    }
}
