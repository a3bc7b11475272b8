package dev.loadkit.http;

import com.fasterxml.jackson.core.JsonPointer;
import dev.loadkit.core.check.ValueCheck;
import dev.loadkit.http.internal.JsonPathSubset;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The checks and extractions of responses, to use with {@link HttpRequest#check}, as {@link dev.loadkit.core.check.Check}s:
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
    public static ValueCheck<HttpResponse, Integer> status() {
        return ValueCheck.of("status", response -> response.status() == 0 ? Optional.empty() : Optional.of(response.status()));
    }

    /**
     * A header's first value.
     *
     * @param name the header's name, in any case
     * @return the value to check
     */
    public static ValueCheck<HttpResponse, String> header(String name) {
        return ValueCheck.of("header " + name, response -> response.header(name));
    }

    /**
     * The body as text.
     *
     * @return the value to check
     */
    public static ValueCheck<HttpResponse, String> bodyText() {
        return ValueCheck.of("body", response -> response.status() == 0 ? Optional.empty() : Optional.of(response.bodyText()));
    }

    /**
     * The first match of a regular expression in the body: its first group if it has one, else the whole match.
     *
     * @param regex the expression
     * @return the value to check
     */
    public static ValueCheck<HttpResponse, String> regex(String regex) {
        Pattern pattern = Pattern.compile(regex);
        return ValueCheck.of("regex " + regex, response -> {
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
    public static ValueCheck<HttpResponse, Object> jsonPointer(String pointer) {
        JsonPointer compiled = JsonPointer.compile(pointer);
        return ValueCheck.of("jsonPointer " + pointer, response -> ValueCheck.jsonValue(response.json().at(compiled)));
    }

    /**
     * A value of a JSON body by JSONPath, in the subset that names one value: {@code $.data.items[0].id}.
     *
     * @param path the path
     * @return the value to check
     * @throws IllegalArgumentException for a path with wildcards, slices or filters
     */
    public static ValueCheck<HttpResponse, Object> jsonPath(String path) {
        JsonPointer compiled = JsonPathSubset.toPointer(path);
        return ValueCheck.of("jsonPath " + path, response -> ValueCheck.jsonValue(response.json().at(compiled)));
    }

    /**
     * The response's latency, from the intended start.
     *
     * @return the value to check
     */
    public static ValueCheck<HttpResponse, Duration> responseTime() {
        return ValueCheck.of("responseTime", response -> Optional.of(response.latency()));
    }
}
