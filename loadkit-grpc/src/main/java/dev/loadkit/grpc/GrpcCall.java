package dev.loadkit.grpc;

import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loadkit.core.Session;
import dev.loadkit.core.Template;
import dev.loadkit.core.check.Check;
import dev.loadkit.core.metrics.Tags;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Function;

/**
 * A gRPC call as a test defines it once and runs many times: the method, a name, metadata, a deadline,
 * the expected statuses and checks. Immutable: each method returns a new call. Every kind of method is
 * run the same way, and non-blocking: the requests are a message ({@link #run(Session, Object)}), a stream
 * of messages ({@link #run(Session, Publisher)}, sent as the server's flow control allows), or JSON
 * ({@link #json}, then {@link #run(Session)}).
 *
 * <pre>{@code
 * GrpcCall<EchoRequest, EchoReply> say = grpc.call(EchoGrpc.getSayMethod())
 *         .name("say")
 *         .metadata("authorization", "Bearer {token}")
 *         .check(GrpcChecks.status().is(Status.Code.OK), GrpcChecks.jsonPointer("/id").saveAs("id"));
 * Task.of("say", session -> say.run(session, EchoRequest.newBuilder().setText("hi").build()));
 * }</pre>
 *
 * <p>{@code run} never fails because of the server: a status other than the expected ones, or a failed
 * check, gives a {@link GrpcResponse#failed() failed} response, counted once in the errors under its
 * status code (or {@code check}), and the virtual user goes on. It fails only when the call cannot be made,
 * such as when a {@code {key}} placeholder has no value in the session.
 *
 * @param <Q> the request message
 * @param <R> the reply message
 */
public final class GrpcCall<Q, R> {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonFormat.Parser PARSER = JsonFormat.parser();
    private static final int CODES = Status.Code.values().length;

    private final Grpc grpc;
    private final String fullMethod;
    private final Function<Session, Mono<MethodDescriptor<Q, R>>> method;
    private final String name;
    private final List<Map.Entry<Metadata.Key<String>, Template>> metadata;
    private final Duration deadline;
    private final Set<Status.Code> expected;
    private final List<Check<? super GrpcResponse<R>>> checks;
    private final boolean discardMessages;
    private final Function<? super Q, ?> requestKey;
    private final Function<? super R, ?> replyKey;
    private final Template json;
    /** The tags of each status code, built on first use so that recording does not allocate. */
    private final AtomicReferenceArray<Tags> tagsByCode = new AtomicReferenceArray<>(CODES);
    private final Tags streamTags;

    private GrpcCall(Grpc grpc, String fullMethod, Function<Session, Mono<MethodDescriptor<Q, R>>> method, String name,
                     List<Map.Entry<Metadata.Key<String>, Template>> metadata, Duration deadline, Set<Status.Code> expected,
                     List<Check<? super GrpcResponse<R>>> checks, boolean discardMessages, Function<? super Q, ?> requestKey,
                     Function<? super R, ?> replyKey, Template json) {
        this.grpc = grpc;
        this.fullMethod = fullMethod;
        this.method = method;
        this.name = name;
        this.metadata = metadata;
        this.deadline = deadline;
        this.expected = expected;
        this.checks = checks;
        this.discardMessages = discardMessages;
        this.requestKey = requestKey;
        this.replyKey = replyKey;
        this.json = json;
        this.streamTags = Tags.of(Tags.NAME, name, "method", fullMethod);
    }

    static <Q, R> GrpcCall<Q, R> of(Grpc grpc, MethodDescriptor<Q, R> method) {
        Mono<MethodDescriptor<Q, R>> known = Mono.just(Objects.requireNonNull(method, "method"));
        return new GrpcCall<>(grpc, method.getFullMethodName(), session -> known, method.getFullMethodName(), List.of(),
                null, EnumSet.of(Status.Code.OK), List.of(), false, null, null, null);
    }

    static GrpcCall<DynamicMessage, DynamicMessage> dynamic(Grpc grpc, String fullMethod) {
        String normalized = fullMethod.contains("/") ? fullMethod
                : fullMethod.substring(0, fullMethod.lastIndexOf('.')) + "/" + fullMethod.substring(fullMethod.lastIndexOf('.') + 1);
        return new GrpcCall<>(grpc, normalized, session -> grpc.dynamicMethod(session, normalized), normalized, List.of(),
                null, EnumSet.of(Status.Code.OK), List.of(), false, null, null, null);
    }

    /**
     * The name reports use for this call, instead of its full method name.
     *
     * @param newName the name
     * @return a new call
     */
    public GrpcCall<Q, R> name(String newName) {
        return new GrpcCall<>(grpc, fullMethod, method, Objects.requireNonNull(newName, "name"), metadata, deadline, expected,
                checks, discardMessages, requestKey, replyKey, json);
    }

    /**
     * Adds metadata (a request header); the value takes {@code {key}} placeholders, such as {@code Bearer {token}}.
     *
     * @param key the key, lower case ASCII
     * @param value its value
     * @return a new call
     */
    public GrpcCall<Q, R> metadata(String key, String value) {
        List<Map.Entry<Metadata.Key<String>, Template>> all = new ArrayList<>(metadata);
        all.add(Map.entry(Metadata.Key.of(key, Metadata.ASCII_STRING_MARSHALLER), Template.parse(value)));
        return new GrpcCall<>(grpc, fullMethod, method, name, List.copyOf(all), deadline, expected, checks, discardMessages,
                requestKey, replyKey, json);
    }

    /**
     * This call's deadline, instead of the protocol's: from its start to its status, for a stream its whole life.
     *
     * @param newDeadline the deadline
     * @return a new call
     */
    public GrpcCall<Q, R> deadline(Duration newDeadline) {
        if (newDeadline.isNegative() || newDeadline.isZero()) {
            throw new IllegalArgumentException("deadline must be positive, got " + newDeadline);
        }
        return new GrpcCall<>(grpc, fullMethod, method, name, metadata, newDeadline, expected, checks, discardMessages,
                requestKey, replyKey, json);
    }

    /**
     * The status codes that count as success; {@code OK} by default. Others mark the call failed.
     *
     * @param first a code
     * @param others more codes
     * @return a new call
     */
    public GrpcCall<Q, R> expectStatus(Status.Code first, Status.Code... others) {
        return new GrpcCall<>(grpc, fullMethod, method, name, metadata, deadline, EnumSet.of(first, others), checks,
                discardMessages, requestKey, replyKey, json);
    }

    /**
     * Adds checks, run in order on every call that ended with an expected status; see {@link GrpcChecks}.
     *
     * @param newChecks the checks
     * @return a new call
     */
    @SafeVarargs
    public final GrpcCall<Q, R> check(Check<? super GrpcResponse<R>>... newChecks) {
        List<Check<? super GrpcResponse<R>>> all = new ArrayList<>(checks);
        all.addAll(List.of(newChecks));
        return new GrpcCall<>(grpc, fullMethod, method, name, metadata, deadline, expected, List.copyOf(all),
                discardMessages, requestKey, replyKey, json);
    }

    /**
     * Counts reply messages without keeping them: for long streams whose messages no check reads.
     *
     * @return a new call
     */
    public GrpcCall<Q, R> discardMessages() {
        return new GrpcCall<>(grpc, fullMethod, method, name, metadata, deadline, expected, checks, true, requestKey,
                replyKey, json);
    }

    /**
     * Pairs each reply of a stream with the request it answers, by a key both carry (such as an id), and
     * records {@code grpc_stream_msg_latency} from the request's sending to its reply.
     *
     * @param ofRequest the key of a request
     * @param ofReply the key of a reply
     * @return a new call
     */
    public GrpcCall<Q, R> correlate(Function<? super Q, ?> ofRequest, Function<? super R, ?> ofReply) {
        return new GrpcCall<>(grpc, fullMethod, method, name, metadata, deadline, expected, checks, discardMessages,
                Objects.requireNonNull(ofRequest, "ofRequest"), Objects.requireNonNull(ofReply, "ofReply"), json);
    }

    /**
     * The request as JSON (protobuf's JSON mapping), with {@code {key}} placeholders filled from the session;
     * for a client or bidi stream, a JSON array is sent as one message per element. Run with {@link #run(Session)}.
     *
     * @param template the JSON
     * @return a new call
     */
    public GrpcCall<Q, R> json(String template) {
        return new GrpcCall<>(grpc, fullMethod, method, name, metadata, deadline, expected, checks, discardMessages,
                requestKey, replyKey, Template.parse(template));
    }

    /**
     * Runs the call with its {@link #json JSON} request.
     *
     * @param session the virtual user's session
     * @return the response; failed but never an error when the server misbehaves
     */
    public Mono<GrpcResponse<R>> run(Session session) {
        if (json == null) {
            return Mono.error(new IllegalStateException("call " + name + " has no request: give one with json(...), or run(session, request)"));
        }
        return method.apply(session).flatMap(resolved -> {
            List<Q> requests = fromJson(resolved, json.render(session, GrpcCall::escapeJson));
            return CallExchange.run(this, session, resolved, Flux.fromIterable(requests));
        });
    }

    /**
     * Runs the call with one request message; on a client or bidi stream, a stream of that one message.
     *
     * @param session the virtual user's session
     * @param request the request
     * @return the response; failed but never an error when the server misbehaves
     */
    public Mono<GrpcResponse<R>> run(Session session, Q request) {
        Objects.requireNonNull(request, "request");
        return method.apply(session).flatMap(resolved -> CallExchange.run(this, session, resolved, Mono.just(request)));
    }

    /**
     * Runs a client or bidi streaming call with a stream of request messages, sent as the server's flow
     * control allows; the call's requests end when the stream completes.
     *
     * @param session the virtual user's session
     * @param requests the requests
     * @return the response, with every reply of a bidi stream; failed but never an error when the server misbehaves
     */
    public Mono<GrpcResponse<R>> run(Session session, Publisher<? extends Q> requests) {
        Objects.requireNonNull(requests, "requests");
        return method.apply(session).flatMap(resolved -> {
            if (!resolved.getType().clientSendsOneMessage()) {
                return CallExchange.run(this, session, resolved, requests);
            }
            return Mono.error(new IllegalArgumentException("call " + name + " is " + resolved.getType()
                    + ": it takes one request, run(session, request)"));
        });
    }

    /**
     * The call's name.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    Grpc grpc() {
        return grpc;
    }

    String fullMethod() {
        return fullMethod;
    }

    Duration deadline() {
        return deadline != null ? deadline : grpc.deadline();
    }

    boolean expects(Status.Code code) {
        return expected.contains(code);
    }

    List<Check<? super GrpcResponse<R>>> checks() {
        return checks;
    }

    boolean discardsMessages() {
        return discardMessages;
    }

    Function<? super Q, ?> requestKey() {
        return requestKey;
    }

    Function<? super R, ?> replyKey() {
        return replyKey;
    }

    /** The metadata of one call: the protocol's, then this call's, its placeholders filled. */
    Metadata metadata(Session session) {
        Metadata all = new Metadata();
        grpc.metadata().forEach((key, value) -> all.put(Metadata.Key.of(key, Metadata.ASCII_STRING_MARSHALLER), value));
        for (Map.Entry<Metadata.Key<String>, Template> entry : metadata) {
            all.put(entry.getKey(), entry.getValue().render(session, value -> value));
        }
        return all;
    }

    /** The tags of a call's sample, built once per status code. */
    Tags tags(Status.Code code, String group) {
        if (!group.isEmpty()) {
            return Tags.of(Tags.NAME, name, "method", fullMethod, "status", code.name(), "group", group);
        }
        Tags tags = tagsByCode.get(code.ordinal());
        if (tags == null) {
            tags = Tags.of(Tags.NAME, name, "method", fullMethod, "status", code.name());
            tagsByCode.set(code.ordinal(), tags);
        }
        return tags;
    }

    /** The tags of a stream's per-message metrics. */
    Tags streamTags(String group) {
        return group.isEmpty() ? streamTags : streamTags.and("group", group);
    }

    /** The request messages of a JSON text: one, or one per element of an array sent on a client stream. */
    @SuppressWarnings("unchecked")
    private List<Q> fromJson(MethodDescriptor<Q, R> resolved, String text) {
        if (!(resolved.getRequestMarshaller() instanceof MethodDescriptor.PrototypeMarshaller<?> marshaller)
                || !(marshaller.getMessagePrototype() instanceof Message prototype)) {
            throw new IllegalStateException("call " + name + " cannot take JSON: its requests are not protobuf messages");
        }
        try {
            JsonNode parsed = JSON.readTree(text);
            List<JsonNode> elements = new ArrayList<>();
            if (parsed.isArray() && !resolved.getType().clientSendsOneMessage()) {
                parsed.forEach(elements::add);
            } else {
                elements.add(parsed);
            }
            List<Q> requests = new ArrayList<>(elements.size());
            for (JsonNode element : elements) {
                Message.Builder builder = prototype.newBuilderForType();
                PARSER.merge(element.toString(), builder);
                requests.add((Q) builder.build());
            }
            return requests;
        } catch (InvalidProtocolBufferException | com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("call " + name + ": the JSON request does not fit "
                    + prototype.getDescriptorForType().getFullName() + ": " + e.getMessage(), e);
        }
    }

    /** A session value inside a JSON string: quotes, backslashes and control characters escaped. */
    private static String escapeJson(String value) {
        return new String(JsonStringEncoder.getInstance().quoteAsString(value));
    }
}
