package dev.loadkit.ws;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import dev.loadkit.core.Session;
import dev.loadkit.core.metrics.Tags;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
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
     *
     * @param session the virtual user's session
     * @return the open connection, or a {@link WsException} of the failure's kind (also counted)
     */
    public Mono<WsConnection> open(Session session) {
        return Mono.defer(() -> {
            URI uri = protocol.resolve(fill(path, session, true) + query(session), session);
            Map<String, String> filled = new LinkedHashMap<>(protocol.headers());
            headers.forEach((key, value) -> filled.put(key, fill(value, session, false)));
            WsConnection connection = new WsConnection(this, session);
            Sinks.One<WsConnection> ready = Sinks.one();
            long start = session.nanoTime();
            Tags tags = Tags.of(Tags.NAME, name);
            WebsocketClientSpec.Builder spec = WebsocketClientSpec.builder().handlePing(false)
                    .maxFramePayloadLength(protocol.maxMessageSize());
            if (!subprotocols.isEmpty()) {
                spec.protocols(String.join(",", subprotocols));
            }
            protocol.client().headers(outgoing -> filled.forEach(outgoing::set))
                    .websocket(spec.build())
                    .uri(uri)
                    .handle((in, out) -> {
                        session.metrics().trend(WsMetrics.CONNECTING, tags).record(session.intendedStart(start), start, session.nanoTime());
                        session.metrics().counter(WsMetrics.SESSIONS, tags).increment();
                        Mono<Void> running = connection.run(in, out);
                        ready.tryEmitValue(connection);
                        return running;
                    })
                    .subscribe(null, error -> {
                        if (ready.tryEmitError(failure(session, error)).isSuccess()) {
                            return;
                        }
                        connection.onTerminated(error);
                    }, () -> {
                        if (ready.tryEmitError(new WsException("handshake", "connection '" + name + "' ended before it opened")).isSuccess()) {
                            return;
                        }
                        connection.onTerminated(null);
                    });
            return ready.asMono().timeout(protocol.connectTimeout(), Mono.defer(() -> {
                String message = "connection '" + name + "' did not open within " + protocol.connectTimeout().toMillis() + " ms";
                protocol.recordError(session, name, "connect timeout", message);
                return Mono.error(new WsException("connect timeout", message));
            }), session.scheduler());
        });
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
            return open(session).doOnNext(connection -> mine.open.put(this, connection));
        });
    }

    WebSocket protocol() {
        return protocol;
    }

    void recordPushLatency(Session session, WsMessage message) {
        if (pushTimestamp == null) {
            return;
        }
        JsonNode sentAt = message.json().at(pushTimestamp);
        if (sentAt.isNumber()) {
            long ageMillis = System.currentTimeMillis() - sentAt.longValue();
            session.metrics().trend(WsMetrics.MSG_LATENCY, Tags.of(Tags.NAME, name, "kind", "push"))
                    .record(Math.max(0, ageMillis) * 1_000_000L);
        }
    }

    private WsException failure(Session session, Throwable error) {
        String kind = WebSocket.kind(error);
        String message = "connection '" + name + "' failed: " + WebSocket.message(error);
        protocol.recordError(session, name, kind, message);
        return new WsException(kind, message, error);
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
