package dev.loadkit.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** The quick runner against a real loopback server that counts what it served. */
class HttpQuickRunnerTest {

    private final AtomicLong served = new AtomicLong();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private DisposableServer server;

    @TempDir
    Path folder;

    @BeforeEach
    void start() {
        server = HttpServer.create().host("127.0.0.1").port(0)
                .route(routes -> routes
                        .get("/", (req, res) -> {
                            served.incrementAndGet();
                            return res.sendString(Mono.just("ok"));
                        })
                        .post("/", (req, res) -> req.receive().aggregate().asString()
                                .flatMap(body -> {
                                    served.incrementAndGet();
                                    return res.sendString(Mono.just(body)).then();
                                })))
                .bindNow();
    }

    @AfterEach
    void stop() {
        server.disposeNow(Duration.ofSeconds(5));
    }

    /** Runs without the warm-up, so that the server's count is the measured run's. */
    private int run(String... args) {
        String[] withoutWarmUp = java.util.Arrays.copyOf(args, args.length + 2);
        withoutWarmUp[args.length] = "--warm-up";
        withoutWarmUp[args.length + 1] = "0s";
        return new HttpQuickRunner().run(withoutWarmUp, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String url() {
        return "http://127.0.0.1:" + server.port() + "/";
    }

    @Test
    void theClosedModelsRequestCountMatchesTheServers() throws Exception {
        Path json = folder.resolve("run.json");

        assertThat(run(url(), "-c", "4", "-d", "2s", "--json", json.toString())).isZero();

        JsonNode summary = new ObjectMapper().readTree(json.toFile());
        long requests = summary.get("metrics").get("http_reqs").get("count").asLong();
        assertThat(requests).isPositive().isEqualTo(served.get());
        assertThat(summary.get("metrics").get("http_req_failed").get("rate").asDouble()).isZero();
        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(text).contains("4 connections (closed model", "p50 ", "p99.9 ", requests + " requests in ", "Requests/sec: ");
    }

    @Test
    void theWarmUpIsSentButNotMeasured() throws Exception {
        Path json = folder.resolve("warmed.json");

        assertThat(new HttpQuickRunner().run(new String[] {url(), "-c", "2", "-d", "1s", "--warm-up", "1s", "--json", json.toString()},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8))).isZero();

        long measured = new ObjectMapper().readTree(json.toFile()).get("metrics").get("http_reqs").get("count").asLong();
        assertThat(measured).isPositive().isLessThan(served.get());
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("warming up for 1s (not measured)");
    }

    @Test
    void theOpenModelSendsOnSchedule() throws Exception {
        Path json = folder.resolve("open.json");

        assertThat(run(url(), "--rate", "200", "-c", "20", "-d", "2s", "--json", json.toString())).isZero();

        JsonNode summary = new ObjectMapper().readTree(json.toFile());
        JsonNode metrics = summary.get("metrics");
        long sent = metrics.get("http_reqs").get("count").asLong();
        // 400 starts on schedule: each one sent (and served, and counted) or, when all 20 in flight were busy,
        // counted as dropped; never delayed, never more.
        assertThat(sent).isPositive().isEqualTo(served.get());
        assertThat(sent + metrics.get("dropped_iterations").get("count").asLong()).isEqualTo(400);
        // The achieved rate is what was sent over the measured span, which is no longer than the run: never
        // faster than the schedule's 200/s, and never less than the sent requests spread over the whole run.
        double seconds = summary.get("durationSeconds").asDouble();
        assertThat(seconds).isGreaterThanOrEqualTo(2.0);
        assertThat(metrics.get("http_reqs").get("rate").asDouble()).isGreaterThanOrEqualTo(sent / seconds - 1e-9)
                .isLessThanOrEqualTo(200.0);
    }

    @Test
    void methodHeadersAndBodyAreSent() throws Exception {
        Path body = java.nio.file.Files.writeString(folder.resolve("body.txt"), "payload");

        assertThat(run(url(), "-m", "POST", "-H", "X-Test: yes", "--body", body.toString(), "-c", "1", "-d", "1s")).isZero();

        assertThat(served.get()).isPositive();
    }

    @Test
    void mistakesAreOneLineAndExitTwo() {
        assertThat(run("ftp://127.0.0.1/")).isEqualTo(2);
        assertThat(run("http:///items")).isEqualTo(2);
        assertThat(run(url(), "-m", "G ET")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("error: URL ftp://127.0.0.1/ must start with http:// or https://\n"
                + "error: URL http:///items has no host; give one like http://127.0.0.1:8080/\n"
                + "error: -m G ET: a method is letters only, like GET or POST\n");
    }

    @Test
    void noSecretOfTheUrlReachesTheReports() throws Exception {
        Path json = Files.createTempFile("quick", ".json");
        String secretUrl = "http://user:secret@127.0.0.1:" + server.port() + "/?token=abc123&page=2";
        assertThat(run(secretUrl, "-c", "1", "-d", "1s", "--json", json.toString())).isZero();

        String written = Files.readString(json) + out.toString(StandardCharsets.UTF_8);
        assertThat(written).doesNotContain("secret", "abc123").contains("http://***@127.0.0.1:" + server.port() + "/?token=*&page=*");
        Files.delete(json);
    }

    @Test
    void anUnreachableTargetIsCountedNotFatal() {
        server.disposeNow(Duration.ofSeconds(5));

        // The run completes and reports what failed; exit 1 says that more than half of the requests failed.
        assertThat(run(url(), "-c", "2", "-d", "1s")).isEqualTo(1);

        assertThat(out.toString(StandardCharsets.UTF_8)).contains("failed requests:", "connect refused");
    }
}
