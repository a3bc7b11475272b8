package dev.loadkit.report.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.loadkit.core.ConfigurationException;
import dev.loadkit.report.internal.Listening;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The dashboard's HTTP server (the JDK's own, so that the dashboard adds no dependency): the page and its
 * scripts from the jar, the JSON API, the event stream, Prometheus's {@code /metrics}, the control calls and
 * the reports' downloads.
 *
 * <p>What keeps it safe: it binds to loopback unless asked otherwise ({@code --web-bind}), and then every request
 * needs the token printed at the start; without a token, a {@code Host} other than a loopback name is refused (a page of another
 * site that rebinds its name to 127.0.0.1 cannot read it); the calls that change something take a POST with a
 * JSON body, which a cross-site form cannot send, and are refused when the browser says the request comes from
 * another site ({@code Origin}, {@code Sec-Fetch-Site}); the page draws every string as text, never as markup,
 * under a content security policy that runs only the server's own scripts.
 */
final class DashboardServer implements AutoCloseable {

    /** What the page's controls do; each returns an error message for the person, or null when done. */
    interface Controls {
        String start(JsonNode request);

        String steer(JsonNode request);

        String stop();

        Optional<Path> report(String name);
    }

    private static final String RESOURCES = "/dev/loadkit/report/web/";
    private static final String UPLOT = "/META-INF/resources/webjars/uplot/1.6.30/dist/";
    private static final Map<String, String[]> ASSETS = Map.of(
            "/", new String[] {RESOURCES + "index.html", "text/html; charset=utf-8"},
            "/dashboard.js", new String[] {RESOURCES + "dashboard.js", "text/javascript; charset=utf-8"},
            "/dashboard.css", new String[] {RESOURCES + "dashboard.css", "text/css; charset=utf-8"},
            "/uplot.js", new String[] {UPLOT + "uPlot.iife.min.js", "text/javascript; charset=utf-8"},
            "/uplot.css", new String[] {UPLOT + "uPlot.min.css", "text/css; charset=utf-8"});
    private static final String SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline';"
            + " connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
    private static final int MAX_STREAMS = 32;
    private static final int MAX_BODY = 16 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(DashboardServer.class);

    private final ObjectMapper json = new ObjectMapper();
    private final DashboardState state;
    private final Controls controls;
    private final Supplier<String> metrics;
    private final String token;
    /** Served on loopback without a token: then only loopback names are let in. */
    private final boolean loopback;
    private final HttpServer server;
    private final ExecutorService threads;
    private final List<BlockingQueue<String>> streams = new CopyOnWriteArrayList<>();
    private final Semaphore streamSlots = new Semaphore(MAX_STREAMS);
    private volatile boolean closed;

    /**
     * Starts serving.
     *
     * @param address where to listen
     * @param token the token every request needs, or null for loopback only
     * @param state what to show
     * @param controls what the controls do
     * @param metrics the Prometheus text of the run so far
     * @throws ConfigurationException when the port is taken or the address is not this machine's
     */
    DashboardServer(InetSocketAddress address, String token, DashboardState state, Controls controls,
                    Supplier<String> metrics) {
        this.state = state;
        this.controls = controls;
        this.metrics = metrics;
        this.token = token;
        this.loopback = token == null;
        try {
            server = HttpServer.create(address, 64);
        } catch (IOException e) {
            throw Listening.refused("--web", address, e);
        }
        threads = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "loadkit-web");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(threads);
        server.createContext("/", this::handle);
        server.start();
    }

    /** The port it listens on (the one chosen when port 0 was asked for). */
    int port() {
        return server.getAddress().getPort();
    }

    /** Sends an update to every open event stream; a stream that cannot keep up loses its oldest update. */
    void publish(String update) {
        for (BlockingQueue<String> stream : streams) {
            while (!stream.offer(update)) {
                stream.poll();
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        streams.forEach(stream -> stream.offer(""));
        server.stop(0);
        threads.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Headers headers = exchange.getResponseHeaders();
            headers.set("X-Content-Type-Options", "nosniff");
            headers.set("Referrer-Policy", "no-referrer");
            headers.set("Cache-Control", "no-store");
            if (!hostAllowed(exchange)) {
                send(exchange, 421, "text/plain; charset=utf-8", "unknown host: open the dashboard by its address\n");
                return;
            }
            // The page and its scripts hold no data of the run: they load without the token, which the page
            // then sends with every call it makes.
            boolean page = ASSETS.containsKey(exchange.getRequestURI().getPath()) && !exchange.getRequestMethod().equals("POST");
            if (!page && !authorized(exchange)) {
                send(exchange, 401, "text/plain; charset=utf-8",
                        "this dashboard needs its token: open the address printed at its start, with ?token=\n");
                return;
            }
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            if (method.equals("POST")) {
                control(exchange, path);
            } else if (!method.equals("GET") && !method.equals("HEAD")) {
                headers.set("Allow", "GET, HEAD, POST");
                send(exchange, 405, "text/plain; charset=utf-8", "method not allowed\n");
            } else if (ASSETS.containsKey(path)) {
                String[] asset = ASSETS.get(path);
                headers.set("Content-Security-Policy", SECURITY_POLICY);
                send(exchange, 200, asset[1], resource(asset[0]));
            } else if (path.equals("/api/state")) {
                send(exchange, 200, "application/json", state.state());
            } else if (path.equals("/api/events")) {
                stream(exchange);
            } else if (path.equals("/metrics")) {
                send(exchange, 200, "text/plain; version=0.0.4; charset=utf-8", metrics.get());
            } else if (path.startsWith("/reports/")) {
                download(exchange, path.substring("/reports/".length()));
            } else {
                send(exchange, 404, "text/plain; charset=utf-8", "not found\n");
            }
        } catch (IOException e) {
            // The browser went away mid-answer: nothing to tell it.
        } catch (RuntimeException e) {
            LOG.warn("the dashboard failed to answer {} {}", exchange.getRequestMethod(), exchange.getRequestURI().getPath(), e);
            try {
                sendJson(exchange, 500, Map.of("error", "the dashboard failed: " + e));
            } catch (IOException | RuntimeException answerFailed) {
                // The answer had begun: the connection closes.
            }
        }
    }

    private void control(HttpExchange exchange, String path) throws IOException {
        if (!sameSite(exchange)) {
            sendJson(exchange, 403, Map.of("error", "refused: a request from another site cannot control this test"));
            return;
        }
        String contentType = Optional.ofNullable(exchange.getRequestHeaders().getFirst("Content-Type")).orElse("");
        if (!contentType.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            sendJson(exchange, 415, Map.of("error", "send the request as application/json"));
            return;
        }
        JsonNode request;
        try (InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readNBytes(MAX_BODY + 1);
            if (body.length > MAX_BODY) {
                sendJson(exchange, 413, Map.of("error", "the request is too large"));
                return;
            }
            request = body.length == 0 ? json.createObjectNode() : json.readTree(body);
        } catch (IOException e) {
            sendJson(exchange, 400, Map.of("error", "the request is not JSON"));
            return;
        }
        String error = switch (path) {
            case "/api/start" -> controls.start(request);
            case "/api/steer" -> controls.steer(request);
            case "/api/stop" -> controls.stop();
            default -> "no such call: " + path;
        };
        if (error == null) {
            sendJson(exchange, 200, Map.of("ok", true));
        } else {
            sendJson(exchange, path.matches("/api/(start|steer|stop)") ? 400 : 404, Map.of("error", error));
        }
    }

    /** Streams server-sent events: the state at once, then every update, and a comment now and then. */
    private void stream(HttpExchange exchange) throws IOException {
        if (!streamSlots.tryAcquire()) {
            send(exchange, 503, "text/plain; charset=utf-8", "too many open dashboards\n");
            return;
        }
        BlockingQueue<String> updates = new LinkedBlockingQueue<>(16);
        streams.add(updates);
        try {
            exchange.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            String next = state.message();
            while (!closed) {
                if (next == null) {
                    out.write(": still here\n\n".getBytes(StandardCharsets.UTF_8));
                } else if (!next.isEmpty()) {
                    out.write(("data: " + next + "\n\n").getBytes(StandardCharsets.UTF_8));
                }
                out.flush();
                next = updates.poll(15, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            streams.remove(updates);
            streamSlots.release();
        }
    }

    private void download(HttpExchange exchange, String name) throws IOException {
        Optional<Path> file = controls.report(name);
        if (file.isEmpty()) {
            send(exchange, 404, "text/plain; charset=utf-8", "no such report (yet): reports are ready when the run ends\n");
            return;
        }
        String type = name.endsWith(".html") ? "text/html; charset=utf-8"
                : name.endsWith(".json") ? "application/json" : "text/csv; charset=utf-8";
        exchange.getResponseHeaders().set("Content-Disposition", "attachment; filename=\"" + name + "\"");
        send(exchange, 200, type, Files.readAllBytes(file.get()));
    }

    /** On loopback, only loopback names: a rebound name of another site is refused. */
    private boolean hostAllowed(HttpExchange exchange) {
        if (!loopback) {
            return true;
        }
        String host = Optional.ofNullable(exchange.getRequestHeaders().getFirst("Host")).orElse("");
        String name = host.startsWith("[") ? host.substring(0, host.indexOf(']') + 1)
                : host.contains(":") ? host.substring(0, host.lastIndexOf(':')) : host;
        if (name.equals("localhost") || name.equals("[::1]")) {
            return true;
        }
        try {
            return name.matches("\\d+\\.\\d+\\.\\d+\\.\\d+") && InetAddress.getByName(name).isLoopbackAddress();
        } catch (IOException e) {
            return false;
        }
    }

    private boolean authorized(HttpExchange exchange) {
        if (token == null) {
            return true;
        }
        String given = exchange.getRequestHeaders().getFirst("X-Loadkit-Token");
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        if (given == null && authorization != null && authorization.startsWith("Bearer ")) {
            given = authorization.substring("Bearer ".length()).trim();
        }
        if (given == null) {
            given = queryParameter(exchange.getRequestURI(), "token");
        }
        return given != null && MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8),
                token.getBytes(StandardCharsets.UTF_8));
    }

    /** Whether the browser says the request comes from this page's own origin (tools that send neither header are let in). */
    private static boolean sameSite(HttpExchange exchange) {
        Headers request = exchange.getRequestHeaders();
        String site = request.getFirst("Sec-Fetch-Site");
        if (site != null && !Set.of("same-origin", "none").contains(site)) {
            return false;
        }
        String origin = request.getFirst("Origin");
        return origin == null || origin.equals("http://" + request.getFirst("Host"));
    }

    private static String queryParameter(URI uri, String name) {
        String query = uri.getRawQuery();
        if (query == null) {
            return null;
        }
        for (String pair : query.split("&")) {
            int equals = pair.indexOf('=');
            if (equals > 0 && pair.substring(0, equals).equals(name)) {
                return URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    private void sendJson(HttpExchange exchange, int status, Map<String, ?> body) throws IOException {
        send(exchange, status, "application/json", json.writeValueAsString(body));
    }

    private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
        send(exchange, status, type, body.getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, head ? -1 : body.length == 0 ? -1 : body.length);
        if (!head && body.length > 0) {
            exchange.getResponseBody().write(body);
        }
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = DashboardServer.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("missing from the jar: " + name);
            }
            return in.readAllBytes();
        }
    }
}
