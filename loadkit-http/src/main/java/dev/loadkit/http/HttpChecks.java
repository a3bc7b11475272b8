package dev.loadkit.http;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import dev.loadkit.http.internal.JsonPathSubset;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The checks and extractions of responses, to use with {@link HttpRequest#check}:
 *
 * <pre>{@code
 * http.get("/api/vms/{vmId}").name("get vm").check(
 *         status().is(200),
 *         header("Content-Type").contains("json"),
 *         jsonPath("$.data.state").isOneOf("running", "starting"),
 *         jsonPointer("/data/host").saveAs("host"),
 *         responseTime().lessThan(Duration.ofMillis(500)));
 * }</pre>
 */
public final class HttpChecks {

    private HttpChecks() {
    }

    /**
     * The status code.
     *
     * @return the value to check
     */
    public static ValueCheck<Integer> status() {
        return new ValueCheck<>("status", response -> response.status() == 0 ? Optional.empty() : Optional.of(response.status()));
    }

    /**
     * A header's first value.
     *
     * @param name the header's name, in any case
     * @return the value to check
     */
    public static ValueCheck<String> header(String name) {
        return new ValueCheck<>("header " + name, response -> response.header(name));
    }

    /**
     * The body as text.
     *
     * @return the value to check
     */
    public static ValueCheck<String> bodyText() {
        return new ValueCheck<>("body", response -> response.status() == 0 ? Optional.empty() : Optional.of(response.bodyText()));
    }

    /**
     * The first match of a regular expression in the body: its first group if it has one, else the whole match.
     *
     * @param regex the expression
     * @return the value to check
     */
    public static ValueCheck<String> regex(String regex) {
        Pattern pattern = Pattern.compile(regex);
        return new ValueCheck<>("regex " + regex, response -> {
            Matcher matcher = pattern.matcher(response.bodyText());
            if (!matcher.find()) {
                return Optional.empty();
            }
            return Optional.of(matcher.groupCount() > 0 ? matcher.group(1) : matcher.group());
        });
    }

    /**
     * A value of a JSON body by JSON pointer, such as {@code /data/items/0/id}. Text, numbers and booleans
     * come as {@code String}, {@code Long} or {@code Double}, and {@code Boolean}; objects and arrays as
     * their JSON text.
     *
     * @param pointer the pointer
     * @return the value to check
     */
    public static ValueCheck<Object> jsonPointer(String pointer) {
        JsonPointer compiled = JsonPointer.compile(pointer);
        return new ValueCheck<>("jsonPointer " + pointer, response -> value(response.json().at(compiled)));
    }

    /**
     * A value of a JSON body by JSONPath, in the subset that names one value: {@code $.data.items[0].id}.
     *
     * @param path the path
     * @return the value to check
     * @throws IllegalArgumentException for a path with wildcards, slices or filters
     */
    public static ValueCheck<Object> jsonPath(String path) {
        JsonPointer compiled = JsonPathSubset.toPointer(path);
        return new ValueCheck<>("jsonPath " + path, response -> value(response.json().at(compiled)));
    }

    /**
     * The response's latency, from the intended start.
     *
     * @return the value to check
     */
    public static ValueCheck<Duration> responseTime() {
        return new ValueCheck<>("responseTime", response -> Optional.of(response.latency()));
    }

    private static Optional<Object> value(JsonNode node) {
        if (node.isMissingNode() || node.isNull()) {
            return Optional.empty();
        }
        if (node.isTextual()) {
            return Optional.of(node.textValue());
        }
        if (node.isIntegralNumber()) {
            return Optional.of(node.longValue());
        }
        if (node.isNumber()) {
            return Optional.of(node.doubleValue());
        }
        if (node.isBoolean()) {
            return Optional.of(node.booleanValue());
        }
        return Optional.of(node.toString());
    }
}
