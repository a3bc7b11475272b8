package dev.loadkit.report.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loadkit.core.LoadTest;
import dev.loadkit.core.UserClass;
import dev.loadkit.core.Workload;
import dev.loadkit.core.internal.cli.CommandLineRunner;
import dev.loadkit.core.sim.SimulatedService;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A command line run with the web dashboard, in a thread of the test's JVM, against the simulated service: the
 * same runner as every scenario jar's. Calls reach the dashboard over real HTTP on loopback.
 */
final class DashboardRun implements AutoCloseable {

    /** A request name that a page which drew strings as markup would run as script. */
    static final String MARKUP = "<img src=x onerror=\"document.title='owned'\">";

    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ByteArrayOutputStream err;
    final int port;
    final CompletableFuture<Integer> exitCode;

    private DashboardRun(int port, CompletableFuture<Integer> exitCode, ByteArrayOutputStream err) {
        this.port = port;
        this.exitCode = exitCode;
        this.err = err;
    }

    /**
     * The simulated test: two users by default, each calling a service that answers in 20 ms, under two names:
     * {@code call} and one that is markup.
     */
    static LoadTest simulated() {
        SimulatedService service = SimulatedService.builder().latency(Duration.ofMillis(20)).failureRate(0.05).build();
        UserClass user = UserClass.named("user").task("call", session -> service.call(session, "call"))
                .task("markup", session -> service.call(session, MARKUP)).build();
        return LoadTest.named("simulated").users(user).protocol(service).workload(Workload.constantUsers(2, Duration.ofSeconds(30)))
                .threshold("sim_req_duration: p(95)<5000").build();
    }

    /** Starts the command line with the dashboard on a free port and the given options. */
    static DashboardRun start(String... options) throws IOException {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        List<String> args = new ArrayList<>(List.of("sim", "--web=" + port));
        args.addAll(List.of(options));
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CommandLineRunner runner = new CommandLineRunner("sim-test",
                Map.of("sim", new CommandLineRunner.Scenario("sim", "a simulated service", DashboardRun::simulated)),
                new PrintStream(new ByteArrayOutputStream(), true), new PrintStream(err, true));
        CompletableFuture<Integer> exitCode = CompletableFuture.supplyAsync(() -> runner.execute(args.toArray(String[]::new)));
        DashboardRun run = new DashboardRun(port, exitCode, err);
        run.awaitListening();
        return run;
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, String body, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(40))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) {
            request.setHeader(headers[i], headers[i + 1]);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    JsonNode state() throws IOException, InterruptedException {
        return json.readTree(get("/api/state").body());
    }

    /** Waits until the dashboard answers HTTP, whatever it answers. */
    private void awaitListening() throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try {
                get("/");
                return;
            } catch (IOException e) {
                if (System.nanoTime() > deadline || exitCode.isDone()) {
                    throw new IOException("the dashboard never answered; exit code " + exitCode.getNow(null) + "; " + err, e);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
        }
    }

    /** Polls the state until it satisfies the condition, for at most 30 s. */
    JsonNode awaitState(Predicate<JsonNode> condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        Exception last = null;
        while (System.nanoTime() < deadline) {
            if (exitCode.isDone() && last != null) {
                break;
            }
            try {
                JsonNode state = state();
                if (condition.test(state)) {
                    return state;
                }
                last = new IllegalStateException("state: " + state);
            } catch (IOException e) {
                last = e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("the dashboard never reached the state; last: " + last + "; exit code "
                + exitCode.getNow(null) + "; " + err, last);
    }

    @Override
    public void close() {
        exitCode.cancel(true);
    }
}
