package dev.loadkit.novacron;

import dev.loadkit.core.ConfigurationException;
import dev.loadkit.core.LoadTest;
import dev.loadkit.core.Profile;
import dev.loadkit.core.RunContext;
import dev.loadkit.core.Session;
import dev.loadkit.core.Stage;
import dev.loadkit.core.Task;
import dev.loadkit.core.ThinkTime;
import dev.loadkit.core.UserClass;
import dev.loadkit.core.Workload;
import dev.loadkit.core.metrics.Metric;
import dev.loadkit.core.metrics.Tags;
import dev.loadkit.http.Body;
import dev.loadkit.http.Http;
import dev.loadkit.http.HttpRequest;
import dev.loadkit.http.HttpResponse;
import dev.loadkit.novacron.simulator.NovaCronTarget;
import dev.loadkit.ws.WebSocket;
import dev.loadkit.ws.WsRequest;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static dev.loadkit.http.HttpChecks.jsonPointer;
import static dev.loadkit.http.HttpChecks.status;

/**
 * The NovaCron scenarios, written with loadkit's public API as any user would: user classes that mirror
 * real use (operators browsing, automation driving VM lifecycles, dashboards holding WebSockets, database
 * clients, federation sync), tagged {@code read}, {@code write}, {@code vm}, {@code ws}, {@code db},
 * {@code health}, with NovaCron's requirements as thresholds. Without {@code --host}, each run starts the
 * embedded simulator and stops it at the end.
 */
public final class NovaCronScenarios {

    /** The time of a VM's creation, from the request to the end of its operation. */
    public static final Metric VM_CREATION = Metric.trend("vm_creation_duration");
    /** The time of any other VM operation, from the request to its end. */
    public static final Metric VM_OPERATION = Metric.trend("vm_operation_duration");
    /** The share of VM operations that succeeded. */
    public static final Metric VM_SUCCESS = Metric.rate("vm_operation_success");
    /** The time of a cross-cluster sync. */
    public static final Metric FEDERATION_SYNC = Metric.trend("federation_sync_latency");
    /** The share of cross-cluster migrations that succeeded. */
    public static final Metric MIGRATION_SUCCESS = Metric.rate("federation_migration_success");

    private static final List<String> HTTP_THRESHOLDS = List.of(
            "http_req_duration: p(95)<500", "http_req_duration: p(99)<1000", "http_req_failed: rate<0.01");

    private final Http http = Http.builder().header("Accept", "application/json").responseTimeout(Duration.ofSeconds(30)).build();
    private final WebSocket ws = WebSocket.builder().build();

    private final HttpRequest health = http.get("/api/health").name("health").check(status().is(200));
    private final HttpRequest listVms = http.get("/api/vms").name("list vms").check(status().is(200));
    /** A VM from the list may be deleted by automation before an operator opens it: 404 is an answer, not a failure. */
    private final HttpRequest getVm = http.get("/api/vms/{vmId}").name("get vm").expectStatus(200, 404)
            .check(status().isOneOf(200, 404));
    private final HttpRequest volumes = http.get("/api/storage/volumes").name("list volumes").check(status().is(200));
    private final HttpRequest monitoring = http.get("/api/monitoring/metrics").name("monitoring metrics").check(status().is(200));
    private final HttpRequest nodes = http.get("/api/cluster/nodes").name("cluster nodes").check(status().is(200));
    private final HttpRequest createVm = http.post("/api/vms").name("create vm")
            .body(Body.json(session -> Map.of("name", "load-" + session.userId() + "-" + session.random().nextInt(1_000_000),
                    "cpu", 2, "memory", 4096)))
            .check(status().is(200), jsonPointer("/id").saveAs("vmId"), jsonPointer("/operation").saveAs("operation"));
    private final HttpRequest operation = http.get("/api/operations/{operation}").name("get operation").check(status().is(200));
    private final HttpRequest dbQuery = http.get("/api/db/query").name("db complex query").check(status().is(200));
    private final HttpRequest dbRead = http.get("/api/db/vm-stats").name("db read").check(status().is(200));
    private final HttpRequest dbBatch = http.post("/api/db/batch").name("db write batch")
            .body(Body.jsonTemplate("{\"items\": [{\"vm\": \"{userId}\"}, {\"vm\": \"{userId}\"}, {\"vm\": \"{userId}\"}]}"))
            .check(status().is(200), jsonPointer("/written").is(3));
    private final HttpRequest clusters = http.get("/api/federation/clusters").name("federation clusters").check(status().is(200));
    private final HttpRequest clusterHealth = http.get("/api/federation/clusters/cluster-{cluster}/health").name("cluster health")
            .check(status().is(200), jsonPointer("/healthy").is(true));
    private final HttpRequest sync = http.post("/api/federation/sync").name("federation sync").check(status().is(200));
    private final HttpRequest migrateAcross = http.post("/api/federation/migrate").name("federation migrate")
            .body(Body.jsonTemplate("{\"vmId\": \"{vmId}\", \"targetCluster\": \"cluster-{cluster}\"}"))
            .check(status().is(200), jsonPointer("/operation").saveAs("operation"));
    private final WsRequest metricsStream = ws.connect("/ws/metrics").name("metrics stream").pushTimestamp("/sentAt");
    private final WsRequest alertsStream = ws.connect("/ws/alerts").name("alerts stream").pushTimestamp("/sentAt");
    private final WsRequest logsStream = ws.connect("/ws/logs").name("logs stream").pushTimestamp("/sentAt");
    private final WsRequest consoleSocket = ws.connect("/ws/console").name("vm console");

    // ----- user classes -----

    UserClass operator() {
        return UserClass.named("operator").weight(5)
                .task(Task.of("list vms", listVms::run).weight(4).tags("read"))
                .task(Task.of("view vm", session -> listVms.run(session).flatMap(list -> {
                    String id = list.json().path("items").path(0).path("id").asText("");
                    return id.isEmpty() ? Mono.just(list) : getVm.run(session.set("vmId", id));
                })).weight(3).tags("read"))
                .task(Task.of("storage", volumes::run).weight(1).tags("read"))
                .task(Task.of("monitoring", monitoring::run).weight(2).tags("read"))
                .task(Task.of("cluster", nodes::run).weight(1).tags("read"))
                .task(Task.of("health", health::run).weight(1).tags("health"))
                .thinkTime(ThinkTime.between(Duration.ofSeconds(1), Duration.ofSeconds(3)))
                .build();
    }

    UserClass automation() {
        return UserClass.named("automation").weight(2)
                .task(Task.of("vm lifecycle", this::lifecycle).tags("write", "vm"))
                .thinkTime(ThinkTime.between(Duration.ofMillis(500), Duration.ofSeconds(2)))
                .build();
    }

    UserClass dashboard() {
        return UserClass.named("dashboard").weight(3)
                .task(Task.of("watch metrics", session -> watch(session, metricsStream, Duration.ofSeconds(10))).weight(3).tags("ws"))
                .task(Task.of("watch alerts", session -> watch(session, alertsStream, Duration.ofSeconds(10))).tags("ws"))
                .task(Task.of("tail logs", session -> watch(session, logsStream, Duration.ofSeconds(5))).tags("ws"))
                .task(Task.of("vm console", session -> consoleSocket.open(session).flatMap(console -> console
                        .request(Map.of("cmd", "uptime"), "id", Duration.ofSeconds(5))
                        .then(console.request(Map.of("cmd", "df -h"), "id", Duration.ofSeconds(5)))
                        .then(console.close(1000, "done")))).tags("ws"))
                .thinkTime(ThinkTime.between(Duration.ofMillis(500), Duration.ofSeconds(1)))
                .build();
    }

    UserClass database() {
        return UserClass.named("database client").weight(2)
                .task(Task.of("complex query", session -> session.group("db", () -> dbQuery.run(session))).weight(2).tags("db", "read"))
                .task(Task.of("frequent read", session -> session.group("db", () -> dbRead.run(session))).weight(6).tags("db", "read"))
                .task(Task.of("write batch", session -> session.group("db", () -> dbBatch.run(session.set("userId", session.userId()))))
                        .weight(2).tags("db", "write"))
                .build();
    }

    UserClass federation() {
        return UserClass.named("federation").weight(1)
                .task(Task.of("sync", session -> sync.run(session).doOnNext(response -> {
                    if (!response.failed()) {
                        session.metrics().trend(FEDERATION_SYNC, Tags.empty()).record(response.latency());
                    }
                })).weight(3).tags("federation", "write"))
                .task(Task.of("cluster health", session -> clusters.run(session)
                        .then(clusterHealth.run(session.set("cluster", 1 + session.random().nextInt(4))))
                        .doOnNext(response -> session.check("cluster reachable", !response.failed()))).weight(3).tags("federation", "health"))
                .task(Task.of("migrate across clusters", this::migrateAcrossClusters).tags("federation", "vm", "write"))
                .thinkTime(ThinkTime.between(Duration.ofSeconds(1), Duration.ofSeconds(2)))
                .build();
    }

    // ----- flows -----

    /** Create, start, snapshot or migrate, stop, delete: each an asynchronous operation followed to its end. */
    private Mono<?> lifecycle(Session session) {
        return session.group("vm lifecycle", () -> timedOperation(session, VM_CREATION, createVm)
                .then(Mono.defer(() -> timedOperation(session, VM_OPERATION, vmAction("start"))))
                .then(Mono.defer(() -> timedOperation(session, VM_OPERATION,
                        vmAction(session.random().nextBoolean() ? "snapshot" : "migrate"))))
                .then(Mono.defer(() -> timedOperation(session, VM_OPERATION, vmAction("stop"))))
                .then(Mono.defer(() -> timedOperation(session, VM_OPERATION, deleteVm()))));
    }

    private Mono<?> migrateAcrossClusters(Session session) {
        return createVm.run(session).flatMap(created -> created.failed() ? Mono.just(false)
                : awaitOperation(session).flatMap(ok -> migrateAcross.run(session.set("cluster", 1 + session.random().nextInt(4))))
                .flatMap(response -> response.failed() ? Mono.just(false) : awaitOperation(session)))
                .doOnNext(ok -> session.metrics().rate(MIGRATION_SUCCESS, Tags.empty()).record(ok));
    }

    private HttpRequest vmAction(String action) {
        return http.post("/api/vms/{vmId}/" + action).name(action + " vm")
                .check(status().is(200), jsonPointer("/operation").saveAs("operation"));
    }

    private HttpRequest deleteVm() {
        return http.delete("/api/vms/{vmId}").name("delete vm").check(status().is(200), jsonPointer("/operation").saveAs("operation"));
    }

    /** Sends a request that starts an operation, then polls the operation; records the whole as one duration. */
    private Mono<Boolean> timedOperation(Session session, Metric metric, HttpRequest request) {
        return Mono.defer(() -> {
            long start = session.nanoTime();
            long intended = session.intendedStart(start);
            return request.run(session)
                    .flatMap(response -> response.failed() ? Mono.just(false) : awaitOperation(session))
                    .doOnNext(ok -> {
                        session.metrics().rate(VM_SUCCESS, Tags.empty()).record(ok);
                        if (ok) {
                            session.metrics().trend(metric, Tags.empty()).record(intended, start, session.nanoTime());
                        }
                    })
                    .flatMap(ok -> ok ? Mono.just(true) : Mono.error(new IllegalStateException(
                            request.name() + " did not complete")));
        });
    }

    /** Polls the session's operation every 200 ms until it ends, for at most a minute. */
    private Mono<Boolean> awaitOperation(Session session) {
        AtomicReference<HttpResponse> last = new AtomicReference<>();
        return operation.run(session)
                .doOnNext(last::set)
                .repeatWhen(done -> done.delayElements(Duration.ofMillis(200), session.scheduler()))
                .takeUntil(response -> response.failed() || !"running".equals(response.json().path("status").asText()))
                .take(Duration.ofMinutes(1), session.scheduler())
                .then(Mono.fromSupplier(() -> last.get() != null && "succeeded".equals(last.get().json().path("status").asText())));
    }

    private static Mono<Long> watch(Session session, WsRequest stream, Duration window) {
        return stream.open(session).flatMap(connection -> connection.messages(window)
                .filter(message -> session.check("stream message is json", message.json().has("type")))
                .count()
                .flatMap(count -> connection.close(1000, "done").thenReturn(count)));
    }

    // ----- scenarios -----

    LoadTest smoke() {
        return test("smoke", Workload.constantUsers(5, Duration.ofSeconds(30)), operator(), automation(), dashboard(), database(), federation())
                .threshold("http_req_duration: p(95)<500")
                .threshold("http_req_duration: p(99)<1000")
                .threshold("http_req_failed: rate<0.01")
                .threshold("checks: rate>0.99")
                .build();
    }

    LoadTest devTest() {
        return test("dev-test", Workload.users(20, 5, Duration.ofMinutes(1)), operator(), automation(), dashboard(), database(), federation())
                .threshold("http_req_duration: p(95)<500")
                .threshold("http_req_failed: rate<0.01")
                .build();
    }

    LoadTest api() {
        return withHttpThresholds(test("api", Workload.users(1000, 50, Duration.ofMinutes(10)), operator(), automation()))
                .threshold("http_reqs: rate>50")
                .build();
    }

    LoadTest vm() {
        return test("vm", Workload.users(100, 10, Duration.ofMinutes(10)), automation())
                .threshold("vm_creation_duration: p(95)<30000")
                .threshold("vm_operation_duration: p(95)<10000")
                .threshold("vm_operation_success: rate>0.95")
                .build();
    }

    LoadTest ws() {
        return test("ws", Workload.users(2000, 200, Duration.ofMinutes(5)), dashboard())
                .threshold("ws_connecting: p(95)<1000")
                .threshold("ws_session_duration: p(95)<30000")
                .threshold("ws_msg_latency: p(95)<100")
                .build();
    }

    LoadTest db() {
        return test("db", Workload.users(100, 20, Duration.ofMinutes(5)), database())
                .threshold("http_req_duration{group:::db}: p(95)<100")
                .threshold("http_req_duration{group:::db}: p(99)<500")
                .threshold("http_reqs: rate>500")
                .build();
    }

    LoadTest federationScenario() {
        return test("federation", Workload.users(20, 5, Duration.ofMinutes(5)), federation())
                .threshold("federation_sync_latency: p(95)<1000")
                .threshold("federation_migration_success: rate>0.95")
                .threshold("checks{check:cluster reachable}: rate>0.99")
                .build();
    }

    LoadTest stress() {
        Workload ramp = Workload.rampingUsers(Stage.of(Duration.ofMinutes(5), 5000), Stage.of(Duration.ofMinutes(1), 5000),
                Stage.of(Duration.ofMinutes(2), 200), Stage.of(Duration.ofMinutes(2), 200));
        // Once the load falls back to 200 users, every threshold the ramp broke must pass again within a minute.
        return withHttpThresholds(test("stress", ramp, operator(), automation())).threshold("recovery: <60s").build();
    }

    LoadTest soak() {
        return withHttpThresholds(test("soak", Workload.users(200, 10, Duration.ofHours(2)), operator(), automation(), dashboard()))
                .build();
    }

    /** The suite in sequence, one area after the other, into one combined report. */
    LoadTest benchmark() {
        Duration minute = Duration.ofMinutes(1);
        Workload suite = Workload.sequence(
                Workload.Phase.of("api", Workload.users(300, 50, minute), "operator", "automation"),
                Workload.Phase.of("vm", Workload.users(50, 10, minute), "automation"),
                Workload.Phase.of("ws", Workload.users(500, 100, minute), "dashboard"),
                Workload.Phase.of("db", Workload.users(100, 50, minute), "database client"),
                Workload.Phase.of("federation", Workload.users(20, 10, minute), "federation"));
        return withHttpThresholds(test("benchmark", suite, operator(), automation(), dashboard(), database(), federation()))
                .threshold("vm_operation_success: rate>0.95")
                .threshold("ws_connecting: p(95)<1000")
                .threshold("federation_migration_success: rate>0.95")
                .build();
    }

    private LoadTest.Builder withHttpThresholds(LoadTest.Builder test) {
        HTTP_THRESHOLDS.forEach(test::threshold);
        return test;
    }

    private LoadTest.Builder test(String name, Workload workload, UserClass... classes) {
        AtomicReference<NovaCronTarget> embedded = new AtomicReference<>();
        return LoadTest.named("novacron " + name)
                .users(classes)
                .protocol(http)
                .protocol(ws)
                .metric(VM_CREATION).metric(VM_OPERATION).metric(VM_SUCCESS).metric(FEDERATION_SYNC).metric(MIGRATION_SUCCESS)
                .workload(workload)
                .profile(Profile.SMOKE, Workload.constantUsers(Math.max(1, classes.length), Duration.ofSeconds(30)))
                .gracefulStop(Duration.ofSeconds(20))
                .setUp(context -> Mono.fromSupplier(() -> startTargetIfNoHost(context, embedded)))
                .tearDown(context -> Mono.fromRunnable(() -> {
                    NovaCronTarget target = embedded.getAndSet(null);
                    if (target != null) {
                        target.close();
                    }
                }));
    }

    /**
     * Starts the simulator when no host was given; {@code -e target.capacity=N}, {@code -e target.errorRate=R}
     * and {@code -e target.slowdown=F} shape it. They are checked even with a host, so a typo is never ignored.
     */
    private static RunContext startTargetIfNoHost(RunContext context, AtomicReference<NovaCronTarget> embedded) {
        NovaCronTarget.Settings settings;
        try {
            settings = NovaCronTarget.Settings.of(context.variables());
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(e.getMessage());
        }
        if (context.host().isPresent()) {
            return context;
        }
        NovaCronTarget target = NovaCronTarget.start(settings);
        embedded.set(target);
        return context.withHost(target.url());
    }
}
