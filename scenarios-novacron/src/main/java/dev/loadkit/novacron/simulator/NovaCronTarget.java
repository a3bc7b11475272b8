package dev.loadkit.novacron.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.channel.ChannelOption;
import io.netty.handler.codec.http.HttpResponseStatus;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.http.server.HttpServerRoutes;

import java.time.Duration;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;

/**
 * An in-process NovaCron simulator, so that the scenarios run on a bare machine: the REST API (VMs with a
 * real lifecycle behind asynchronous operations, storage, monitoring, cluster, database-heavy endpoints,
 * federation) and the WebSocket streams (metrics, alerts, logs, console), on a loopback port.
 *
 * <p>Each endpoint answers after a latency drawn from its own log-normal distribution. Beyond
 * {@link Settings#capacity} requests in flight, every answer slows in proportion, and beyond three times
 * that it answers 503: a stress test finds a real breaking point. Errors can be injected at a rate.
 */
public final class NovaCronTarget implements AutoCloseable {

    /**
     * How the simulator behaves.
     *
     * @param port the port, 0 for a free one
     * @param capacity requests in flight served at full speed
     * @param errorRate the share of API requests answered 500
     * @param slowdown a factor on every latency
     */
    public record Settings(int port, int capacity, double errorRate, double slowdown) {

        private static final String PREFIX = "target.";

        /**
         * Checks the settings.
         *
         * @throws IllegalArgumentException for a port outside 0-65535, a capacity below 1, an error rate outside
         *                                  0-1 or a slowdown not above 0, naming the one that is wrong
         */
        public Settings {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be 0 to 65535, got " + port);
            }
            if (capacity < 1) {
                throw new IllegalArgumentException("capacity must be at least 1, got " + capacity);
            }
            if (!(errorRate >= 0 && errorRate <= 1)) {
                throw new IllegalArgumentException("errorRate must be 0 to 1, got " + errorRate);
            }
            if (!(slowdown > 0 && Double.isFinite(slowdown))) {
                throw new IllegalArgumentException("slowdown must be above 0, got " + slowdown);
            }
        }

        /**
         * The defaults: a free port, 200 requests in flight, no injected error, normal speed.
         *
         * @return the settings
         */
        public static Settings defaults() {
            return new Settings(0, 200, 0, 1);
        }

        /**
         * The settings of a run's {@code -e target.*} variables ({@code target.capacity}, {@code target.errorRate},
         * {@code target.slowdown}) over the defaults, on a free port.
         *
         * @param variables the run's variables
         * @return the settings
         * @throws IllegalArgumentException for an unknown {@code target.} key or a bad value, in one line that names it
         */
        public static Settings of(Map<String, String> variables) {
            Settings defaults = defaults();
            int capacity = defaults.capacity();
            double errorRate = defaults.errorRate();
            double slowdown = defaults.slowdown();
            for (Map.Entry<String, String> variable : variables.entrySet()) {
                String key = variable.getKey();
                if (!key.startsWith(PREFIX)) {
                    continue;
                }
                String value = variable.getValue().trim();
                try {
                    switch (key) {
                        case "target.capacity" -> capacity = Integer.parseInt(value);
                        case "target.errorRate" -> errorRate = Double.parseDouble(value);
                        case "target.slowdown" -> slowdown = Double.parseDouble(value);
                        default -> throw new IllegalArgumentException("-e " + key + ": unknown setting of the embedded"
                                + " simulator; use target.capacity (requests in flight), target.errorRate (0 to 1) or"
                                + " target.slowdown (a factor above 0)");
                    }
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("-e " + key + "=" + value + ": not a number");
                }
            }
            try {
                return new Settings(0, capacity, errorRate, slowdown);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("-e target." + e.getMessage());
            }
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Settings settings;
    private final Map<String, ObjectNode> vms = new ConcurrentHashMap<>();
    private final Map<String, ObjectNode> operations = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicLong served = new AtomicLong();
    private final DisposableServer server;

    private NovaCronTarget(Settings settings) {
        this.settings = settings;
        this.server = HttpServer.create().host("127.0.0.1").port(settings.port())
                .option(ChannelOption.SO_BACKLOG, 4096)
                .route(this::routes)
                .bindNow();
    }

    /**
     * Starts a simulator.
     *
     * @param settings how it behaves
     * @return the running simulator
     */
    public static NovaCronTarget start(Settings settings) {
        return new NovaCronTarget(settings);
    }

    /**
     * The simulator's base URL.
     *
     * @return {@code http://127.0.0.1:PORT}
     */
    public String url() {
        return "http://127.0.0.1:" + server.port();
    }

    /**
     * The API requests answered so far.
     *
     * @return the count
     */
    public long served() {
        return served.get();
    }

    /**
     * Waits until the simulator is stopped from elsewhere.
     */
    public void awaitStop() {
        server.onDispose().block();
    }

    @Override
    public void close() {
        server.disposeNow(Duration.ofSeconds(10));
    }

    private void routes(HttpServerRoutes routes) {
        routes.get("/api/health", api(8, (req, random) -> Mono.just(json("status", "ok"))))
                .get("/api/vms", api(25, (req, random) -> Mono.just(vmList())))
                .post("/api/vms", api(40, (req, random) -> body(req).map(this::createVm)))
                .get("/api/vms/{id}", api(15, (req, random) -> Mono.justOrEmpty(vms.get(req.param("id")))))
                .post("/api/vms/{id}/{action}", api(30, (req, random) -> Mono.justOrEmpty(act(req.param("id"), req.param("action"), random))))
                .delete("/api/vms/{id}", api(30, (req, random) -> Mono.justOrEmpty(act(req.param("id"), "delete", random))))
                .get("/api/operations/{id}", api(10, (req, random) -> Mono.justOrEmpty(operation(req.param("id")))))
                .get("/api/storage/volumes", api(30, (req, random) -> Mono.just(list("volume", 20))))
                .get("/api/monitoring/metrics", api(20, (req, random) -> Mono.just(metrics(random))))
                .get("/api/cluster/nodes", api(20, (req, random) -> Mono.just(list("node", 8))))
                .get("/api/db/vm-stats", api(6, (req, random) -> Mono.just(json("vms", vms.size()))))
                .get("/api/db/query", api(45, (req, random) -> Mono.just(list("row", 50))))
                .post("/api/db/batch", api(35, (req, random) -> body(req).map(batch -> json("written", batch.path("items").size()))))
                .get("/api/federation/clusters", api(25, (req, random) -> Mono.just(list("cluster", 4))))
                .get("/api/federation/clusters/{id}/health", api(15, (req, random) -> Mono.just(json("cluster", req.param("id")).put("healthy", true))))
                .post("/api/federation/sync", api(60, (req, random) -> Mono.just(json("syncedAt", System.currentTimeMillis()))))
                .post("/api/federation/migrate", api(50, (req, random) -> body(req)
                        .map(request -> migrateAcross(request.path("vmId").asText(), request.path("targetCluster").asText(), random))))
                .ws("/ws/metrics", (in, out) -> out.sendString(push(Duration.ofSeconds(1), "metric").takeUntilOther(in.receiveCloseStatus())))
                .ws("/ws/alerts", (in, out) -> out.sendString(push(Duration.ofSeconds(3), "alert").takeUntilOther(in.receiveCloseStatus())))
                .ws("/ws/logs", (in, out) -> out.sendString(push(Duration.ofMillis(250), "log").takeUntilOther(in.receiveCloseStatus())))
                .ws("/ws/console", (in, out) -> out.sendString(in.receive().asString()
                        .map(command -> {
                            JsonNode parsed = parse(command);
                            return json("id", parsed.path("id").asText()).put("output", "ok: " + parsed.path("cmd").asText()).toString();
                        })));
    }

    /**
     * An API endpoint: a median latency, the slowdown, saturation beyond capacity, and injected errors.
     */
    private BiFunction<HttpServerRequest, HttpServerResponse, Publisher<Void>> api(
            double medianMillis, BiFunction<HttpServerRequest, SplittableRandom, Mono<ObjectNode>> answer) {
        return (request, response) -> {
            SplittableRandom random = new SplittableRandom();
            int concurrent = inFlight.incrementAndGet();
            if (concurrent > 3 * settings.capacity()) {
                inFlight.decrementAndGet();
                return response.status(HttpResponseStatus.SERVICE_UNAVAILABLE).sendString(Mono.just("{\"error\":\"overloaded\"}"));
            }
            double overload = Math.max(1, (double) concurrent / settings.capacity());
            // Log-normal around the median, with a tail: sigma 0.35.
            double millis = medianMillis * settings.slowdown() * overload * Math.exp(0.35 * gaussian(random));
            boolean fail = random.nextDouble() < settings.errorRate();
            return Mono.delay(Duration.ofNanos((long) (millis * 1_000_000)))
                    .then(fail ? Mono.empty() : answer.apply(request, random).map(ObjectNode::toString))
                    .flatMap(body -> response.header("Content-Type", "application/json").sendString(Mono.just(body)).then())
                    .switchIfEmpty(Mono.defer(() -> fail
                            ? response.status(500).sendString(Mono.just("{\"error\":\"injected\"}")).then()
                            : response.status(404).sendString(Mono.just("{\"error\":\"not found\"}")).then()))
                    .doFinally(signal -> {
                        inFlight.decrementAndGet();
                        served.incrementAndGet();
                    });
        };
    }

    private static double gaussian(SplittableRandom random) {
        return Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
    }

    private ObjectNode createVm(JsonNode request) {
        String id = "vm-" + ids.incrementAndGet();
        ObjectNode vm = json("id", id).put("name", request.path("name").asText(id)).put("state", "creating")
                .put("cluster", "local").put("host", "node-" + (ids.get() % 8));
        vms.put(id, vm);
        return json("id", id).put("operation", operation(id, "create", "stopped", 400));
    }

    /** Starts an operation on a VM, or gives nothing (404) for an unknown VM. */
    private ObjectNode act(String id, String action, SplittableRandom random) {
        ObjectNode vm = vms.get(id);
        if (vm == null) {
            return null;
        }
        String next = switch (action) {
            case "start" -> "running";
            case "stop" -> "stopped";
            case "migrate" -> "running";
            case "snapshot" -> vm.path("state").asText();
            case "delete" -> "deleted";
            default -> null;
        };
        if (next == null) {
            return json("error", "unknown action " + action);
        }
        String during = switch (action) {
            case "start" -> "starting";
            case "stop" -> "stopping";
            case "migrate" -> "migrating";
            case "snapshot" -> "snapshotting";
            default -> "deleting";
        };
        synchronized (vm) {
            vm.put("state", during);
        }
        return json("id", id).put("operation", operation(id, action, next, 150 + random.nextInt(350)));
    }

    private ObjectNode migrateAcross(String vmId, String cluster, SplittableRandom random) {
        ObjectNode vm = vms.get(vmId);
        if (vm == null) {
            return json("error", "unknown vm");
        }
        synchronized (vm) {
            vm.put("cluster", cluster);
        }
        return json("id", vmId).put("operation", operation(vmId, "federated-migrate", "running", 300 + random.nextInt(500)));
    }

    /** An operation that succeeds after a while, moving its VM to its next state. */
    private String operation(String vmId, String action, String nextState, long millis) {
        String id = "op-" + ids.incrementAndGet();
        ObjectNode operation = json("id", id).put("vmId", vmId).put("action", action).put("status", "running")
                .put("doneAt", System.currentTimeMillis() + (long) (millis * settings.slowdown()));
        operation.put("nextState", nextState);
        operations.put(id, operation);
        return id;
    }

    private ObjectNode operation(String id) {
        ObjectNode operation = operations.get(id);
        if (operation == null) {
            return null;
        }
        synchronized (operation) {
            if (operation.path("status").asText().equals("running") && System.currentTimeMillis() >= operation.path("doneAt").asLong()) {
                operation.put("status", "succeeded");
                ObjectNode vm = vms.get(operation.path("vmId").asText());
                if (vm != null) {
                    if (operation.path("nextState").asText().equals("deleted")) {
                        vms.remove(operation.path("vmId").asText());
                    } else {
                        synchronized (vm) {
                            vm.put("state", operation.path("nextState").asText());
                        }
                    }
                }
            }
            return operation.deepCopy();
        }
    }

    private ObjectNode vmList() {
        ObjectNode list = JSON.createObjectNode();
        ArrayNode items = list.putArray("items");
        vms.values().stream().limit(50).forEach(vm -> {
            synchronized (vm) {
                items.add(vm.deepCopy());
            }
        });
        return list.put("total", vms.size());
    }

    private static ObjectNode list(String kind, int count) {
        ObjectNode list = JSON.createObjectNode();
        ArrayNode items = list.putArray("items");
        for (int i = 1; i <= count; i++) {
            items.addObject().put("id", kind + "-" + i).put("status", "healthy");
        }
        return list;
    }

    private static ObjectNode metrics(SplittableRandom random) {
        return json("cpu", Math.round(random.nextDouble() * 1000) / 10.0).put("memory", Math.round(random.nextDouble() * 1000) / 10.0);
    }

    private static Flux<String> push(Duration every, String type) {
        return Flux.interval(every).map(seq -> json("type", type).put("seq", seq).put("sentAt", System.currentTimeMillis()).toString());
    }

    private static Mono<JsonNode> body(HttpServerRequest request) {
        return request.receive().aggregate().asString().defaultIfEmpty("{}").map(NovaCronTarget::parse);
    }

    private static JsonNode parse(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception notJson) {
            return JSON.createObjectNode();
        }
    }

    private static ObjectNode json(String key, String value) {
        return JSON.createObjectNode().put(key, value);
    }

    private static ObjectNode json(String key, long value) {
        return JSON.createObjectNode().put(key, value);
    }

    private static ObjectNode json(String key, double value) {
        return JSON.createObjectNode().put(key, value);
    }
}
