package dev.loadkit.redis;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What a command got back: its value (a {@code String} for status and bulk replies, a {@code Long} or
 * {@code Double} for numbers, a {@code Boolean}, a {@code List} for arrays, null for a nil reply), or the
 * error the server or the connection gave, and its latency. A failed command gives a failed reply rather
 * than an error, and the virtual user goes on.
 */
public final class RedisReply {

    private final String name;
    private final Object value;
    private final String errorKind;
    private final String error;
    private final Duration latency;

    RedisReply(String name, Object value, String errorKind, String error, Duration latency) {
        this.name = name;
        this.value = value;
        this.errorKind = errorKind;
        this.error = error;
        this.latency = latency;
    }

    RedisReply failed(String kind, String message) {
        return new RedisReply(name, value, errorKind == null ? kind : errorKind, error == null ? message : error, latency);
    }

    /**
     * The request's name in reports.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * The reply's value.
     *
     * @return the value; null for a nil reply or a failed command
     */
    public Object value() {
        return value;
    }

    /**
     * The value as text, such as {@code OK} or a {@code GET}'s value.
     *
     * @return the text, empty for nil
     */
    public Optional<String> asString() {
        return Optional.ofNullable(value).map(String::valueOf);
    }

    /**
     * The value as a number, such as an {@code INCR}'s.
     *
     * @return the number
     * @throws IllegalStateException when the value is not a number
     */
    public long asLong() {
        if (value instanceof Number number) {
            return number.longValue();
        }
        try {
            return Long.parseLong(String.valueOf(value));
        } catch (NumberFormatException e) {
            throw new IllegalStateException("reply of " + name + " is not a number: " + value);
        }
    }

    /**
     * The value as a list, such as an {@code LRANGE}'s.
     *
     * @return the list, empty for nil
     * @throws IllegalStateException when the value is not an array
     */
    public List<?> asList() {
        if (value == null) {
            return List.of();
        }
        if (value instanceof List<?> list) {
            return list;
        }
        throw new IllegalStateException("reply of " + name + " is not an array: " + value);
    }

    /**
     * Whether the command failed: an error reply, a timeout, a lost connection, or a failed check.
     *
     * @return true when failed
     */
    public boolean failed() {
        return errorKind != null;
    }

    /**
     * The kind of the failure, such as {@code WRONGTYPE}, {@code timeout}, {@code connection} or {@code check}.
     *
     * @return the kind, if failed
     */
    public Optional<String> errorKind() {
        return Optional.ofNullable(errorKind);
    }

    /**
     * The failure's message.
     *
     * @return the message, if failed
     */
    public Optional<String> error() {
        return Optional.ofNullable(error);
    }

    /**
     * The latency, from the intended start to the reply.
     *
     * @return the latency
     */
    public Duration latency() {
        return latency;
    }

    @Override
    public String toString() {
        return name + " " + (failed() ? errorKind + " " + error : String.valueOf(value)) + " (" + latency.toNanos() / 1000 + " us)";
    }
}
