package dev.loadkit.grpc;

import com.fasterxml.jackson.core.JsonPointer;
import dev.loadkit.core.check.ValueCheck;
import io.grpc.Status;

import java.time.Duration;
import java.util.Optional;

/**
 * The checks and extractions of calls, to use with {@link GrpcCall#check}, as
 * {@link dev.loadkit.core.check.Check}s:
 *
 * <pre>{@code
 * grpc.call(EchoGrpc.getCountMethod()).name("count").check(
 *         messageCount().is(10L),
 *         jsonPointer("/0/id").saveAs("firstId"),
 *         metadata("x-served-by").exists(),
 *         responseTime().lessThan(Duration.ofMillis(500)));
 * }</pre>
 *
 * Checks run on calls that ended with an expected status ({@code OK} unless
 * {@link GrpcCall#expectStatus} says otherwise); on other calls they count as failed.
 */
public final class GrpcChecks {

    private GrpcChecks() {
    }

    /**
     * The status code.
     *
     * @return the value to check
     */
    public static ValueCheck<GrpcResponse<?>, Status.Code> status() {
        return ValueCheck.of("status", response -> Optional.of(response.status()));
    }

    /**
     * A value of the replies as JSON by JSON pointer ({@link GrpcResponse#json()}): {@code /id} in the reply
     * of a unary call, {@code /0/id} in the first reply of a stream. Text, numbers and booleans come as
     * {@code String}, {@code Long} or {@code Double}, and {@code Boolean}; objects and arrays as their JSON text.
     *
     * @param pointer the pointer
     * @return the value to check
     */
    public static ValueCheck<GrpcResponse<?>, Object> jsonPointer(String pointer) {
        JsonPointer compiled = JsonPointer.compile(pointer);
        return ValueCheck.of("jsonPointer " + pointer, response -> ValueCheck.jsonValue(response.json().at(compiled)));
    }

    /**
     * How many reply messages came.
     *
     * @return the value to check
     */
    public static ValueCheck<GrpcResponse<?>, Long> messageCount() {
        return ValueCheck.of("messageCount", response -> Optional.of(response.messageCount()));
    }

    /**
     * A value of the metadata the server sent, in its headers or trailers.
     *
     * @param key the key, lower case
     * @return the value to check
     */
    public static ValueCheck<GrpcResponse<?>, String> metadata(String key) {
        return ValueCheck.of("metadata " + key, response -> response.metadata(key));
    }

    /**
     * The call's latency, from the intended start.
     *
     * @return the value to check
     */
    public static ValueCheck<GrpcResponse<?>, Duration> responseTime() {
        return ValueCheck.of("responseTime", response -> Optional.of(response.latency()));
    }
}
