package dev.loadkit.ws;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import dev.loadkit.core.Session;
import dev.loadkit.core.metrics.RequestSeries;
import dev.loadkit.core.metrics.Tags;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.Connection;
import reactor.netty.http.client.WebsocketClientSpec;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * A WebSocket connection as a test defines it: path, name, headers, query parameters, subprotocols,
 * and the field of pushed messages that carries their send time. Immutable.
 *
 * <pre>{@code
 * WsRequest metrics = ws.connect("/ws/metrics").name("metrics stream").queryParam("vm", "{vmId}")
 *         .pushTimestamp("/sentAt");
 * Task.of("watch metrics", session -> metrics.connection(session)
 *         .flatMapMany(connection -> connection.messages(Duration.ofSeconds(10))).count());
 * }</pre>
 */
public final class WsRequest {

    /** A virtual user's kept connections, by definition. */
    private static final class UserConnections {
        final Map<WsRequest, WsConnection> open = new ConcurrentHashMap<>();
    }

    private final WebSocket protocol;
    private final String path;
    private final String name;
    private final Map<String, String> headers;
    private final Map<String, String> queryParams;
    private final List<String> subprotocols;
    private final JsonPointer pushTimestamp;

    WsRequest(WebSocket protocol, String path) {
        this(protocol, path, path, Map.of(), Map.of(), List.of(), null);
    }

    private WsRequest(WebSocket protocol, String path, String name, Map<String, String> headers,
                      Map<String, String> queryParams, List<String> subprotocols, JsonPointer pushTimestamp) {
        this.protocol = protocol;
        this.path = path;
        this.name = name;
        this.headers = headers;
        this.queryParams = queryParams;
        this.subprotocols = subprotocols;
        this.pushTimestamp = pushTimestamp;
    }

    /**
     * The name reports use for this connection's metrics.
     *
     * @param newName the name
     * @return a new definition
     */
    public WsRequest name(String newName) {
        return new WsRequest(protocol, path, Objects.requireNonNull(newName, "name"), headers, queryParams, subprotocols, pushTimestamp);
    }

    /**
     * Adds a handshake header; the value takes {@code {key}} placeholders.
     *
     * @param headerName the header's name
     * @param value its value
     * @return a new definition
     */
    public WsRequest header(String headerName, String value) {
        Map<String, String> all = new LinkedHashMap<>(headers);
        all.put(headerName, value);
        return new WsRequest(protocol, path, name, Map.copyOf(all), queryParams, subprotocols, pushTimestamp);
    }

    /**
     * Adds a query parameter; the value takes {@code {key}} placeholders.
     *
     * @param key the parameter's name
     * @param value its value
     * @return a new definition
     */
    public WsRequest queryParam(String key, String value) {
        Map<String, String> all = new LinkedHashMap<>(queryParams);
        all.put(key, value);
        return new WsRequest(protocol, path, name, headers, all, subprotocols, pushTimestamp);
    }

    /**
     * The subprotocols to offer in the handshake.
     *
     * @param names the subprotocols, in order of preference
     * @return a new definition
     */
    public WsRequest subprotocols(String... names) {
        return new WsRequest(protocol, path, name, headers, queryParams, List.of(names), pushTimestamp);
    }

    /**
     * Records pushed messages' latency: each received JSON message with a send time (epoch milliseconds)
     * at this pointer, such as {@code /sentAt}, adds its age to {@code ws_msg_latency{kind:push}}. The
     * sender's clock and this machine's must agree.
     *
     * @param pointer the JSON pointer of the send time
     * @return a new definition
     */
    public WsRequest pushTimestamp(String pointer) {
        return new WsRequest(protocol, path, name, headers, queryParams, subprotocols, JsonPointer.compile(pointer));
    }

    /**
     * The connection's name.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * Opens a new connection, recording {@code ws_connecting} and {@code ws_sessions}; close it when done.
     * A connection the iteration leaves open (it failed, or forgot) is closed when the iteration ends; one
     * opened in {@code onStart} when the user stops.
     *
     * @param session the virtual user's session
     * @return the open connection, or a {@link WsException} of the failure's kind (also counted)
     */
    public Mono<WsConnection> open(Session session) {
        return open(session, connection -> session.onIterationEnd(() -> connection.close(1000, "iteration ended").subscribe()));
    }

    /**
     * The virtual user's connection of this definition: opened on first use (and again after it closed),
     * kept between iterations, and closed when the user stops.
     *
     * @param session the virtual user's session
     * @return the open connection
     */
    public Mono<WsConnection> connection(Session session) {
        return Mono.defer(() -> {
            UserConnections mine = session.attachment(UserConnections.class, () -> {
                UserConnections created = new UserConnections();
                session.onStop(() -> created.open.values().forEach(connection -> connection.close(1000, "user stopped").subscribe()));
                return created;
            });
            WsConnection existing = mine.open.get(this);
            if (existing != null && existing.isOpen()) {
                return Mono.just(existing);
            }
            return open(session, connection -> mine.open.put(this, connection));
        });
    }

    /**
     * Connects once. The attempt is settled, and recorded in {@code ws_connecting}, exactly once: opened,
     * failed (refused, TLS, handshake, timeout), or interrupted when its subscriber cancels first (the end
     * of the run, Ctrl-C). An attempt given up is disposed, so that no socket outlives it.
     *
     * @param onOpen who keeps the connection, told as soon as it opened, before anyone can cancel it
     */
    private Mono<WsConnection> open(Session session, Consumer<WsConnection> onOpen) {
        return Mono.defer(() -> {
            URI uri = protocol.resolve(fill(path, session, true) + query(session), session);
            Map<String, String> filled = new LinkedHashMap<>(protocol.headers());
            headers.forEach((key, value) -> filled.put(key, fill(value, session, false)));
            WsConnection connection = new WsConnection(this, session);
            Sinks.One<WsConnection> ready = Sinks.one();
            Tags tags = Tags.of(Tags.NAME, name);
            RequestSeries connecting = session.metrics().request(WsMetrics.CONNECTS, tags);
            long start = session.nanoTime();
            long intendedStart = session.intendedStart(start);
            AtomicBoolean settled = new AtomicBoolean();
            WebsocketClientSpec.Builder spec = WebsocketClientSpec.builder().handlePing(false)
                    .maxFramePayloadLength(protocol.maxMessageSize());
            if (!subprotocols.isEmpty()) {
                spec.protocols(String.join(",", subprotocols));
            }
            Disposable attempt = protocol.client().headers(outgoing -> filled.forEach(outgoing::set))
                    .websocket(spec.build())
                    .uri(uri)
                    .handle((in, out) -> {
                        if (!settled.compareAndSet(false, true)) {
                            // Opened after the attempt timed out or was cancelled: nobody will use it.
                            in.withConnection(Connection::dispose);
                            return Mono.empty();
                        }
                        connecting.record(intendedStart, start, session.nanoTime(), false);
                        session.metrics().counter(WsMetrics.SESSIONS, tags).increment();
                        Mono<Void> running = connection.run(in, out);
                        onOpen.accept(connection);
                        ready.tryEmitValue(connection);
                        return running;
                    })
                    .subscribe(null, error -> {
                        if (settled.compareAndSet(false, true)) {
                            connecting.record(intendedStart, start, session.nanoTime(), true);
                            ready.tryEmitError(failure(session, WebSocket.kind(error), "failed: " + WebSocket.message(error), error));
                        } else {
                            connection.onTerminated(error);
                        }
                    }, () -> {
                        if (settled.compareAndSet(false, true)) {
                            connecting.record(intendedStart, start, session.nanoTime(), true);
                            ready.tryEmitError(failure(session, "handshake", "ended before it opened", null));
                        } else {
                            connection.onTerminated(null);
                        }
                    });
            return ready.asMono()
                    .timeout(protocol.connectTimeout(), Mono.defer(() -> {
                        if (!settled.compareAndSet(false, true)) {
                            // Settled at the same moment: its outcome stands, and its connection is not lost.
                            return ready.asMono();
                        }
                        attempt.dispose();
                        connecting.record(intendedStart, start, session.nanoTime(), true);
                        return Mono.error(failure(session, "connect timeout",
                                "did not open within " + protocol.connectTimeout().toMillis() + " ms", null));
                    }), session.scheduler())
                    .doOnCancel(() -> {
                        if (settled.compareAndSet(false, true)) {
                            attempt.dispose();
                            protocol.recordInterrupted(session, connecting, name, intendedStart, start);
                        }
                    });
        });
    }

    WebSocket protocol() {
        return protocol;
    }

    /**
     * The age of a pushed message, from the send time it carries at the {@link #pushTimestamp} pointer.
     *
     * @return the age in nanoseconds, or -1 when this connection does not time pushes or the message has no send time
     */
    long pushAge(WsMessage message) {
        if (pushTimestamp == null) {
            return -1;
        }
        JsonNode sentAt = message.json().at(pushTimestamp);
        if (!sentAt.isNumber()) {
            return -1;
        }
        return Math.max(0, System.currentTimeMillis() - sentAt.longValue()) * 1_000_000L;
    }

    /** A failure to open, counted once under its kind. */
    private WsException failure(Session session, String kind, String detail, Throwable cause) {
        String message = "connection '" + name + "' " + detail;
        protocol.recordError(session, name, kind, message, cause);
        return new WsException(kind, message, cause);
    }

    private String query(Session session) {
        if (queryParams.isEmpty()) {
            return "";
        }
        List<String> pairs = new ArrayList<>();
        queryParams.forEach((key, value) -> pairs.add(URLEncoder.encode(key, StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(fill(value, session, false), StandardCharsets.UTF_8)));
        return "?" + String.join("&", pairs);
    }

    /** Fills {@code {key}} placeholders with session values. */
    private static String fill(String template, Session session, boolean encode) {
        StringBuilder result = new StringBuilder();
        int at = 0;
        while (at < template.length()) {
            int open = template.indexOf('{', at);
            int close = open < 0 ? -1 : template.indexOf('}', open);
            if (open < 0 || close < 0) {
                result.append(template, at, template.length());
                break;
            }
            String key = template.substring(open + 1, close);
            Object value = session.find(key).orElseThrow(() -> new IllegalStateException(
                    "'" + template + "' needs session value '" + key + "', which this virtual user does not have"));
            String text = String.valueOf(value);
            result.append(template, at, open).append(encode ? URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20") : text);
            at = close + 1;
        }
        return result.toString();
    }
}
