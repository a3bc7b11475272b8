package dev.loadkit.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loadkit.grpc.EchoServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/** The gRPC quick runner against a real grpc-java server that counts the calls it answered. */
class GrpcQuickRunnerTest {

    private static EchoServer server;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @TempDir
    Path folder;

    @BeforeAll
    static void startServer() throws Exception {
        server = EchoServer.plaintext();
    }

    @AfterAll
    static void stopServer() throws InterruptedException {
        server.close();
    }

    /** Runs without the warm-up, so that the server's count is the measured run's. */
    private int run(String... args) {
        String[] withoutWarmUp = Arrays.copyOf(args, args.length + 2);
        withoutWarmUp[args.length] = "--warm-up";
        withoutWarmUp[args.length + 1] = "0s";
        return new GrpcQuickRunner().run(withoutWarmUp, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private JsonNode metrics(Path json) throws IOException {
        return new ObjectMapper().readTree(json.toFile()).get("metrics");
    }

    /** A file of the gRPC module's test jar, copied out, as a user would have it on disk. */
    private Path resource(String name) throws IOException {
        Path file = folder.resolve(name);
        try (InputStream in = EchoServer.class.getResourceAsStream("/" + name)) {
            assertThat(in).as(name + " in the test jar").isNotNull();
            Files.copy(in, file);
        }
        return file;
    }

    @Test
    void theCallCountMatchesTheServersWithTheSchemaFromReflection() throws Exception {
        Path json = folder.resolve("run.json");
        long before = server.calls("Say");

        int exit = run(server.target(), "--call", "loadkit.test.Echo/Say", "-d", "{\"text\": \"hi\"}", "-c", "3",
                "--duration", "2s", "--json", json.toString());

        assertThat(exit).as(err.toString(StandardCharsets.UTF_8)).isZero();
        long calls = metrics(json).get("grpc_reqs").get("count").asLong();
        assertThat(calls).isPositive().isEqualTo(server.calls("Say") - before);
        assertThat(metrics(json).get("grpc_req_failed").get("rate").asDouble()).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("3 connections (closed model", "p99.9 ",
                calls + " requests in ", "Requests/sec: ");
    }

    @Test
    void aDescriptorSetDescribesAStreamingMethodAndTheRateIsKept() throws Exception {
        Path json = folder.resolve("run.json");
        long before = server.calls("Collect");

        int exit = run("127.0.0.1:" + server.port(), "--insecure", "--call", "loadkit.test.Echo.Collect",
                "--protoset", resource("echo.protoset").toString(), "-d", "[{\"text\": \"a\"}, {\"text\": \"b\"}]",
                "--rate", "20", "--duration", "2s", "--json", json.toString());

        assertThat(exit).as(err.toString(StandardCharsets.UTF_8)).isZero();
        // Every arrival of the schedule is a call, or a drop when all 10 allowed in flight were busy (a cold start).
        long calls = metrics(json).get("grpc_reqs").get("count").asLong();
        assertThat(calls + metrics(json).get("dropped_iterations").get("count").asLong()).isEqualTo(40);
        assertThat(calls).isEqualTo(server.calls("Collect") - before);
        assertThat(metrics(json).get("grpc_req_failed").get("rate").asDouble()).isZero();
        assertThat(metrics(json).get("grpc_stream_msgs_sent").get("count").asLong()).isEqualTo(2 * calls);
    }

    @Test
    void aProtoFileIsCompiledWithProtoc() throws Exception {
        Path json = folder.resolve("run.json");
        long before = server.calls("Count");

        int exit = run(server.target(), "--call", "loadkit.test.Echo/Count", "--proto", resource("echo.proto").toString(),
                "-d", "{\"count\": 3}", "-c", "1", "--duration", "1s", "--json", json.toString());

        assertThat(exit).as(err.toString(StandardCharsets.UTF_8)).isZero();
        long calls = metrics(json).get("grpc_reqs").get("count").asLong();
        assertThat(calls).isPositive().isEqualTo(server.calls("Count") - before);
        assertThat(metrics(json).get("grpc_stream_msgs_received").get("count").asLong()).isEqualTo(3 * calls);
    }

    @Test
    void mistakesAreOneLine() throws Exception {
        assertThat(run("http://127.0.0.1:1", "--call", "a.B/C")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("error: gRPC target 'http://127.0.0.1:1' must be")
                .doesNotContain("\tat ");
        err.reset();

        assertThat(run(server.target(), "--call", "loadkit.test.Echo/Shout", "--protoset", resource("echo.protoset").toString()))
                .isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("has no method Shout").doesNotContain("\tat ");
        err.reset();

        assertThat(run(server.target(), "--call", "x.Y/Z", "--proto", resource("echo.proto").toString(), "--protoc", "/nonexistent/protoc"))
                .isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--proto needs protoc").doesNotContain("\tat ");
    }

    @Test
    void aMissingServiceFailsTheRunWithItsReason() {
        int exit = run(server.target(), "--call", "loadkit.test.Nope/Say", "--duration", "1s");

        assertThat(exit).isEqualTo(1);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("loadkit.test.Nope");
    }
}
