package dev.loadkit.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loadkit.redis.RedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/** The Redis quick runner against a real redis-server, whose own INFO commandstats counts what it ran. */
class RedisQuickRunnerTest {

    private static RedisServer server;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @TempDir
    Path folder;

    @BeforeAll
    static void startServer() throws Exception {
        server = RedisServer.plain();
    }

    @AfterAll
    static void stopServer() throws InterruptedException {
        server.close();
    }

    private int run(String... args) {
        String[] withoutWarmUp = Arrays.copyOf(args, args.length + 2);
        withoutWarmUp[args.length] = "--warm-up";
        withoutWarmUp[args.length + 1] = "0s";
        return new RedisQuickRunner().run(withoutWarmUp, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private static JsonNode metrics(Path json) throws Exception {
        return new ObjectMapper().readTree(json.toFile()).get("metrics");
    }

    @Test
    void theCommandCountMatchesTheServers() throws Exception {
        Path json = folder.resolve("run.json");
        long before = server.calls("set");

        int exit = run(server.uri(), "--command", "SET", "-c", "4", "-r", "1000", "-z", "2s", "--json", json.toString());

        assertThat(exit).as(err.toString(StandardCharsets.UTF_8)).isZero();
        long commands = metrics(json).get("redis_cmds").get("count").asLong();
        assertThat(commands).isPositive().isEqualTo(server.calls("set") - before);
        assertThat(metrics(json).get("redis_cmd_failed").get("rate").asDouble()).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("4 connections (closed model", commands + " requests in ");
    }

    @Test
    void pipelinedCommandsAreEachCounted() throws Exception {
        Path json = folder.resolve("run.json");
        long before = server.calls("xadd");

        int exit = run(server.uri(), "--command", "XADD", "-c", "2", "-P", "10", "-z", "1s", "--json", json.toString());

        assertThat(exit).as(err.toString(StandardCharsets.UTF_8)).isZero();
        long commands = metrics(json).get("redis_cmds").get("count").asLong();
        assertThat(commands % 10).isZero();
        assertThat(commands).isPositive().isEqualTo(server.calls("xadd") - before);
    }

    @Test
    void mistakesAreOneLine() {
        assertThat(run("http://127.0.0.1:1", "--command", "GET")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("error: Redis target 'http://127.0.0.1:1' must be")
                .doesNotContain("\tat ");
        err.reset();
        assertThat(run(server.uri(), "--command", "FLUSHALL")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("is not one of");
    }

    @Test
    void anUnreachableServerFailsTheRun() {
        assertThat(run("redis://127.0.0.1:1", "-z", "1s", "-c", "1")).isEqualTo(1);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("connection");
    }
}
