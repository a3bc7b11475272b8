package dev.loadkit.core.check;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * A value taken from what a request got back (its status, a header, a JSON field, ...), to be checked or
 * saved into the session. Each method returns a {@link Check} named after what it checks, such as
 * {@code status is 200} or {@code jsonPointer /data/id saveAs vmId}.
 *
 * @param <R> what the value is taken from, such as an HTTP response
 * @param <T> the value's type
 */
public final class ValueCheck<R, T> {

    private final String subject;
    private final Function<? super R, Optional<T>> extract;

    private ValueCheck(String subject, Function<? super R, Optional<T>> extract) {
        this.subject = subject;
        this.extract = extract;
    }

    /**
     * A value for drivers to offer.
     *
     * @param subject what the value is, for the checks' names, such as {@code status}
     * @param extract takes the value, empty when it is missing
     * @param <R> what the value is taken from
     * @param <T> the value's type
     * @return the value to check
     */
    public static <R, T> ValueCheck<R, T> of(String subject, Function<? super R, Optional<T>> extract) {
        return new ValueCheck<>(Objects.requireNonNull(subject, "subject"), Objects.requireNonNull(extract, "extract"));
    }

    /**
     * A value of a JSON document, as checks compare it: text, numbers and booleans as {@code String},
     * {@code Long} or {@code Double}, and {@code Boolean}; objects and arrays as their JSON text; empty
     * when missing or null.
     *
     * @param node the node, such as {@code json.at(pointer)}
     * @return the value
     */
    public static Optional<Object> jsonValue(JsonNode node) {
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

    /**
     * The value equals {@code expected}; numbers compare by value, whatever their type.
     *
     * @param expected the expected value
     * @return the check
     */
    public Check<R> is(T expected) {
        return check("is " + expected, value -> same(value, expected));
    }

    /**
     * The value is one of several.
     *
     * @param expected the allowed values
     * @return the check
     */
    @SafeVarargs
    public final Check<R> isOneOf(T... expected) {
        List<T> allowed = Arrays.asList(expected);
        return check("is one of " + allowed, value -> allowed.stream().anyMatch(candidate -> same(value, candidate)));
    }

    /**
     * The value lies between two bounds, both included, such as a status between 200 and 299.
     *
     * @param min the lowest value allowed
     * @param max the highest value allowed
     * @return the check
     */
    public Check<R> between(T min, T max) {
        return check("between " + min + " and " + max, value -> compare(value, min) >= 0 && compare(value, max) <= 0);
    }

    /**
     * The value is below a bound, such as a response time below 500 ms.
     *
     * @param max the bound, excluded
     * @return the check
     */
    public Check<R> lessThan(T max) {
        return check("less than " + max, value -> compare(value, max) < 0);
    }

    /**
     * The value's text contains a string.
     *
     * @param text the string
     * @return the check
     */
    public Check<R> contains(String text) {
        return check("contains '" + text + "'", value -> String.valueOf(value).contains(text));
    }

    /**
     * The value's text matches a regular expression, as a whole.
     *
     * @param regex the expression
     * @return the check
     */
    public Check<R> matches(String regex) {
        Pattern pattern = Pattern.compile(regex);
        return check("matches '" + regex + "'", value -> pattern.matcher(String.valueOf(value)).matches());
    }

    /**
     * The value is present.
     *
     * @return the check
     */
    public Check<R> exists() {
        return check("exists", value -> true);
    }

    /**
     * The value satisfies a predicate.
     *
     * @param description what the predicate says, for the check's name
     * @param predicate the predicate
     * @return the check
     */
    public Check<R> satisfies(String description, Predicate<? super T> predicate) {
        return check(description, predicate::test);
    }

    /**
     * Saves the value into the session under a key, for later requests (correlation); fails when the
     * value is missing.
     *
     * @param key the session key
     * @return the check
     */
    public Check<R> saveAs(String key) {
        Objects.requireNonNull(key, "key");
        return Check.verifying(subject + " saveAs " + key, (response, session) -> {
            Optional<T> value = extract.apply(response);
            if (value.isEmpty()) {
                return Optional.of(subject + " not found");
            }
            session.set(key, value.get());
            return Optional.empty();
        });
    }

    private Check<R> check(String condition, Predicate<T> predicate) {
        String name = subject + " " + condition;
        return Check.verifying(name, (response, session) -> {
            Optional<T> value = extract.apply(response);
            if (value.isEmpty()) {
                return Optional.of(subject + " not found");
            }
            return predicate.test(value.get()) ? Optional.empty() : Optional.of(subject + " was " + value.get());
        });
    }

    private static boolean same(Object value, Object expected) {
        if (value instanceof Number number && expected instanceof Number other) {
            return Double.compare(number.doubleValue(), other.doubleValue()) == 0;
        }
        return Objects.equals(value, expected);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static int compare(Object value, Object bound) {
        if (value instanceof Number number && bound instanceof Number other) {
            return Double.compare(number.doubleValue(), other.doubleValue());
        }
        if (value instanceof Comparable comparable && value.getClass().isInstance(bound)) {
            return comparable.compareTo(bound);
        }
        throw new IllegalArgumentException("cannot compare " + value + " with " + bound);
    }
}
