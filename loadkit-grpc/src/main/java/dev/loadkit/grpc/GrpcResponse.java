package dev.loadkit.grpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.util.JsonFormat;
import io.grpc.Metadata;
import io.grpc.Status;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What a call got back: its status, its reply messages, its metadata and its latency. A call the server
 * failed, or whose checks failed, gives a failed response rather than an error, and the virtual user goes on.
 *
 * @param <R> the reply message
 */
public final class GrpcResponse<R> {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonFormat.Printer PRINTER = JsonFormat.printer().omittingInsignificantWhitespace();

    private final String name;
    private final String method;
    private final Status status;
    private final Metadata headers;
    private final Metadata trailers;
    private final List<R> messages;
    private final long messageCount;
    private final boolean streamingReplies;
    private final Duration latency;
    private final String failure;
    private volatile JsonNode json;

    GrpcResponse(String name, String method, Status status, Metadata headers, Metadata trailers, List<R> messages,
                 long messageCount, boolean streamingReplies, Duration latency, String failure) {
        this.name = name;
        this.method = method;
        this.status = status;
        this.headers = headers;
        this.trailers = trailers;
        this.messages = messages;
        this.messageCount = messageCount;
        this.streamingReplies = streamingReplies;
        this.latency = latency;
        this.failure = failure;
    }

    GrpcResponse<R> failed(String reason) {
        return new GrpcResponse<>(name, method, status, headers, trailers, messages, messageCount, streamingReplies,
                latency, failure == null ? reason : failure);
    }

    /**
     * The call's name in reports.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * The full method name.
     *
     * @return {@code package.Service/Method}
     */
    public String method() {
        return method;
    }

    /**
     * The status code, such as {@code OK} or {@code DEADLINE_EXCEEDED}.
     *
     * @return the code
     */
    public Status.Code status() {
        return status.getCode();
    }

    /**
     * The status's description, as the server (or grpc-java) gave it.
     *
     * @return the description, if any
     */
    public Optional<String> statusDescription() {
        return Optional.ofNullable(status.getDescription());
    }

    /**
     * A value of the headers or the trailers the server sent (the trailers win).
     *
     * @param key the key, lower case
     * @return the value, if sent
     */
    public Optional<String> metadata(String key) {
        Metadata.Key<String> parsed = Metadata.Key.of(key, Metadata.ASCII_STRING_MARSHALLER);
        String value = trailers.get(parsed);
        return Optional.ofNullable(value != null ? value : headers.get(parsed));
    }

    /**
     * The reply of a unary or client-streaming call, or the first of a stream.
     *
     * @return the message
     * @throws IllegalStateException when the call got none (it failed, or the call discards messages)
     */
    public R message() {
        if (messages.isEmpty()) {
            throw new IllegalStateException("call " + name + " got no message" + (status.isOk() ? "" : ": " + status.getCode()));
        }
        return messages.get(0);
    }

    /**
     * Every reply message kept: all of them, unless the call {@link GrpcCall#discardMessages discards} them.
     *
     * @return the messages, in order
     */
    public List<R> messages() {
        return messages;
    }

    /**
     * How many reply messages came, kept or not.
     *
     * @return the count
     */
    public long messageCount() {
        return messageCount;
    }

    /**
     * The replies as JSON, for checks and extraction: the reply of a unary or client-streaming call as an
     * object, the replies of a server or bidi stream as an array. Field names are protobuf's JSON names
     * ({@code lowerCamelCase}); 64-bit integers are text, as protobuf's JSON mapping says.
     *
     * @return the JSON, a missing node when there is no reply
     * @throws IllegalStateException when the replies are not protobuf messages
     */
    public JsonNode json() {
        JsonNode parsed = json;
        if (parsed == null) {
            parsed = parse();
            json = parsed;
        }
        return parsed;
    }

    private JsonNode parse() {
        if (!streamingReplies) {
            return messages.isEmpty() ? JSON.missingNode() : toJson(messages.get(0));
        }
        ArrayNode array = JSON.createArrayNode();
        messages.forEach(message -> array.add(toJson(message)));
        return array;
    }

    private static JsonNode toJson(Object message) {
        if (!(message instanceof MessageOrBuilder protobuf)) {
            throw new IllegalStateException("cannot read a " + message.getClass().getName() + " as JSON: not a protobuf message");
        }
        try {
            return JSON.readTree(PRINTER.print(protobuf));
        } catch (InvalidProtocolBufferException | com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot read a reply as JSON: " + e.getMessage(), e);
        }
    }

    /**
     * The latency, from the intended start to the status.
     *
     * @return the latency
     */
    public Duration latency() {
        return latency;
    }

    /**
     * Whether the call failed: an unexpected status, or a failed check.
     *
     * @return true when failed
     */
    public boolean failed() {
        return failure != null;
    }

    /**
     * Why the call failed, such as {@code UNAVAILABLE} or {@code check status is OK}.
     *
     * @return the reason, if failed
     */
    public Optional<String> failure() {
        return Optional.ofNullable(failure);
    }

    @Override
    public String toString() {
        return name + " " + status.getCode() + " (" + messageCount + " messages, " + latency.toMillis() + " ms)"
                + (failure == null ? "" : " failed: " + failure);
    }
}
