package dev.loadkit.core.internal.cli;

import dev.loadkit.core.ExitCode;
import dev.loadkit.core.LoadTest;
import dev.loadkit.core.UserClass;
import dev.loadkit.core.Workload;
import dev.loadkit.core.sim.SimulatedService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class CommandLineRunnerTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @TempDir
    Path folder;

    private static LoadTest simulated() {
        SimulatedService service = SimulatedService.builder().latency(Duration.ofMillis(5)).build();
        UserClass user = UserClass.named("user").task("call", session -> service.call(session, "call")).build();
        return LoadTest.named("sim").users(user).protocol(service)
                .workload(Workload.constantUsers(2, Duration.ofMinutes(10))).build();
    }

    private int run(String... args) {
        Map<String, CommandLineRunner.Scenario> scenarios = new LinkedHashMap<>();
        scenarios.put("sim", new CommandLineRunner.Scenario("sim", "a simulated service", CommandLineRunnerTest::simulated));
        scenarios.put("other", new CommandLineRunner.Scenario("other", "another, 100% simulated", CommandLineRunnerTest::simulated));
        return new CommandLineRunner("bench", scenarios, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)).execute(args);
    }

    private String errors() {
        return err.toString(StandardCharsets.UTF_8);
    }

    /** A user mistake: exit 2, and a short message with no stack trace. */
    private void assertUsageError(int exitCode, String firstLine) {
        assertThat(exitCode).isEqualTo(ExitCode.USAGE_ERROR);
        String text = errors();
        assertThat(text.lines().findFirst().orElse("")).isEqualTo(firstLine);
        assertThat(text.lines().count()).isLessThanOrEqualTo(2);
        assertThat(text).doesNotContain("\tat ").doesNotContain("Exception");
    }

    @Test
    void helpListsTheOptionsAndScenarios() {
        assertThat(run("--help")).isZero();
        String help = out.toString(StandardCharsets.UTF_8);
        assertThat(help).contains("--users=N", "--spawn-rate=R", "-t, --run-time, --duration=DURATION", "-u, --vus, --users=N", "--stage=STAGES", "--rate=R",
                "--profile=NAME", "--environment=NAME", "--host=URL", "--tags=TAGS", "--exclude-tags=TAGS",
                "-e=KEY=VALUE", "--threshold=EXPR", "--config=FILE",
                "--headless", "--quiet", "--version", "sim", "a simulated service", "another, 100% simulated");
    }

    @Test
    void versionPrintsTheVersion() {
        assertThat(run("--version")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("loadkit ").doesNotContain("unknown");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "sim --users abc | error: Invalid value for option '--users': 'abc' is not an int",
        "sim --run-time 5x | error: Invalid value for option '--run-time': invalid duration '5x': use a number with a unit, like 30s, 5m, 1h30m or 250ms (a bare number counts seconds)",
        "sim --stage 30s:abc | error: invalid stage '30s:abc' in '30s:abc': use DURATION:TARGET, like 30s:20",
        "nope | error: unknown scenario 'nope': choose one of sim, other",
        "sim --userz | error: Unknown option: '--userz'",
        "sim --users 0 | error: --users must be at least 1, got 0",
        "sim --run-time 0s | error: --run-time must be positive, got 0s",
        "sim --rate -5 | error: --rate must be a positive number, got -5",
        "sim --spawn-rate NaN | error: --spawn-rate must be a positive number, got NaN",
        "sim --stage 1s:3000000000 | error: stage target must be between 0 and 1000000, got 3000000000",
        "sim --users 5000000 | error: users must be between 1 and 1000000, got 5000000",
        "sim --stage 10s:5 --users 3 | error: --stage sets the users over time; drop --users, --spawn-rate and --rate",
        "sim --rate 10 --spawn-rate 2 | error: --spawn-rate applies to --users, not to --rate; drop one of them",
        "sim --profile huge | error: unknown profile 'huge': use smoke, load, stress, spike, soak or breakpoint",
        "sim -e NOEQUALS | error: -e NOEQUALS: use KEY=VALUE, like -e TOKEN=abc",
        "sim -e =value | error: -e =value: the variable needs a name before '=', like -e TOKEN=abc",
        "sim --threshold http_req_duration:p(95)<500 | error: threshold 'http_req_duration:p(95)<500' names metric 'http_req_duration', which this test does not define; defined: checks, data_received, data_sent, dropped_iterations, generator_lag, group_duration, interrupted_iterations, iteration_duration, iterations, sim_req_duration, sim_req_failed, sim_reqs, vus, vus_max",
        "sim --threshold sim_req_duration<500 | error: invalid threshold 'sim_req_duration<500': use METRIC: AGGREGATION OPERATOR VALUE, like 'http_req_duration: p(95)<500'",
        "sim --tags nosuchtag | error: --tags names tag 'nosuchtag', which no task has; tags of this test: none",
        "sim --json out.json | error: Unknown options: '--json', 'out.json'",
        " | error: name a scenario to run: sim, other",
        "sim --host localhost:8080 | error: --host localhost:8080: give an absolute URL with a host, like http://127.0.0.1:8080",
        "sim --host http:///api | error: --host http:///api: give an absolute URL with a host, like http://127.0.0.1:8080",
        "sim --host http://127.0.0.1:99999 | error: --host http://127.0.0.1:99999: the port must be 1 to 65535",
    })
    void everyUserMistakeIsOneLineAndExitTwo(String args, String message) {
        String[] arguments = args == null ? new String[0] : args.trim().split(" ");
        assertUsageError(run(arguments), message);
    }

    @Test
    void aMissingConfigFileIsAUsageError() {
        assertUsageError(run("sim", "--config", folder.resolve("missing.yaml").toString()),
                "error: config file " + folder.resolve("missing.yaml") + " does not exist");
    }

    @Test
    void anInvalidConfigFileIsAUsageError() throws IOException {
        Path config = Files.writeString(folder.resolve("bad.yaml"), "users: 10\nrun-time: [oops\n");
        assertThat(run("sim", "--config", config.toString())).isEqualTo(ExitCode.USAGE_ERROR);
        assertThat(errors()).startsWith("error: config file " + config + " is not valid YAML at line ");
        assertThat(errors().lines().count()).isEqualTo(1);
    }

    @Test
    void anUnknownConfigKeyIsAUsageError() throws IOException {
        Path config = Files.writeString(folder.resolve("typo.yaml"), "userz: 10\n");
        assertThat(run("sim", "--config", config.toString())).isEqualTo(ExitCode.USAGE_ERROR);
        assertThat(errors()).startsWith("error: config file " + config + ": unknown key 'userz'; known keys: ");
    }

    @Test
    void aRunExitsZeroWhenItsThresholdsPassAndOneWhenOneFails() {
        // Thresholds whose verdict does not depend on the machine's speed: some request completes (each user's
        // first one gets the graceful stop), and 2 users waiting 5 ms per request cannot make a million in 1 s.
        assertThat(run("sim", "--users", "2", "--run-time", "1s", "--threshold", "sim_reqs: count>0")).isZero();
        assertThat(run("sim", "--users", "2", "--run-time", "1s", "--threshold", "sim_reqs: count>1000000"))
                .isEqualTo(ExitCode.THRESHOLD_FAILED);
        assertThat(errors()).isEmpty();
    }

    @Test
    void workloadFlagsReplaceTheConfigFilesWorkloadWhole() throws IOException {
        Path config = Files.writeString(folder.resolve("staged.yaml"), "stage: 10s:5,10s:0\nrun-time: 1s\n");
        // --users would contradict the file's stages; instead it replaces them.
        assertThat(run("sim", "--config", config.toString(), "--users", "1", "--threshold", "sim_reqs: count>0")).isZero();
        assertThat(errors()).isEmpty();
    }

    @Test
    void theConfigFileIsReadAndFlagsOverrideIt() throws IOException {
        Path config = Files.writeString(folder.resolve("run.yaml"), """
                users: 1
                run-time: 1s
                thresholds:
                  - "sim_reqs: count>1000000"
                """);
        // The config's threshold fails; a flag cannot remove it, but it can add one and change the workload.
        assertThat(run("sim", "--config", config.toString(), "--users", "2")).isEqualTo(ExitCode.THRESHOLD_FAILED);
    }

    @Test
    void theFlagsOfLocustAndK6AreAliases() {
        // The scenario's own workload has 2 users: only the aliases make it 3 (all started within 0.1 s of a 2 s run).
        assertThat(run("sim", "-u", "3", "-r", "30", "-t", "2s", "--threshold", "vus_max: value==3")).isZero();
        assertThat(run("sim", "--vus", "3", "--duration", "1s", "--threshold", "vus_max: value==3")).isZero();
        assertThat(errors()).isEmpty();
    }
}
