package dev.loadkit.core.internal.cli;

import dev.loadkit.core.ExitCode;
import dev.loadkit.core.LoadTest;
import dev.loadkit.core.RunProfile;
import dev.loadkit.core.UserClass;
import dev.loadkit.core.Workload;
import dev.loadkit.core.sim.SimulatedService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Mono;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** Profiles of a jar and of its config file, {@code list}, {@code suite} and a jar's own options. */
class ProfilesAndSuitesTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final AtomicReference<String> redisVariable = new AtomicReference<>();

    @TempDir
    Path folder;

    /** Passes: its threshold needs one request. */
    private static final RunProfile QUICK = RunProfile.of("quick", "two users, 1 s", 2, 2, Duration.ofSeconds(1))
            .withThresholds("sim_reqs: count>0");
    /** Fails: 3 users waiting 5 ms per request cannot make a million requests in a second. */
    private static final RunProfile DEMANDING = RunProfile.of("demanding", "a threshold no run meets", 3, 3, Duration.ofSeconds(1))
            .withThresholds("sim_reqs: count>1000000");

    private LoadTest simulated() {
        SimulatedService service = SimulatedService.builder().latency(Duration.ofMillis(5)).build();
        UserClass user = UserClass.named("user").task("call", session -> service.call(session, "call")).build();
        return LoadTest.named("sim").users(user).protocol(service)
                .workload(Workload.constantUsers(1, Duration.ofMinutes(10)))
                .setUp(context -> Mono.fromSupplier(() -> {
                    context.variable("redis").ifPresent(redisVariable::set);
                    return context;
                }))
                .build();
    }

    private int run(String... args) {
        Map<String, CommandLineRunner.Scenario> scenarios = new LinkedHashMap<>();
        scenarios.put("sim", new CommandLineRunner.Scenario("sim", "a simulated service", this::simulated));
        scenarios.put("other", new CommandLineRunner.Scenario("other", "another one", this::simulated));
        return new CommandLineRunner("pack", scenarios, List.of(QUICK, DEMANDING),
                List.of(new CommandLineRunner.PackOption("--redis", "URI", "the bus")), null,
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8)).execute(args);
    }

    private String output() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String errors() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aProfilesNameRunsTheFirstScenarioWithItsLoadAndThresholds() {
        assertThat(run("quick")).isEqualTo(ExitCode.PASSED);
        assertThat(run("demanding")).isEqualTo(ExitCode.THRESHOLD_FAILED);
        // On another scenario, and with the users changed on the command line: the thresholds stay.
        assertThat(run("other", "--profile", "demanding", "--users", "1", "--spawn-rate", "1")).isEqualTo(ExitCode.THRESHOLD_FAILED);
        assertThat(errors()).isEmpty();
    }

    @Test
    void anUnknownProfileNamesTheJarsProfiles() {
        assertThat(run("sim", "--profile", "huge")).isEqualTo(ExitCode.USAGE_ERROR);
        assertThat(errors()).isEqualTo("error: unknown profile 'huge': use quick, demanding ('list' shows them), "
                + "or a preset: smoke, load, stress, spike, soak or breakpoint\n");
    }

    @Test
    void theConfigFilesProfilesJoinTheJars() throws IOException {
        Path config = Files.writeString(folder.resolve("profiles.yaml"), """
                profiles:
                  nightly: {description: From the file, users: 1, spawn-rate: 1, run-time: 1s, thresholds: ["sim_reqs: count>1000000"]}
                """);
        assertThat(run("list", "--config", config.toString())).isZero();
        assertThat(output()).contains("SCENARIO", "sim", "a simulated service")
                .containsPattern("PROFILE +USERS +SPAWN RATE +RUN TIME +HOST +FROM +DESCRIPTION")
                .containsPattern("quick +2 +2/s +1s +- +pack +two users, 1 s")
                .containsPattern("nightly +1 +1/s +1s +- +config +From the file");
        assertThat(run("nightly", "--config", config.toString())).isEqualTo(ExitCode.THRESHOLD_FAILED);
    }

    @Test
    void aSuiteRunsEachInTurnWithTheWorstVerdict() {
        assertThat(run("suite", "quick,demanding,sim", "--run-time", "1s")).isEqualTo(ExitCode.THRESHOLD_FAILED);
        String text = output();
        assertThat(text).contains("Suite 1/3: quick", "Suite 2/3: demanding", "Suite 3/3: sim", "Suite verdict: FAILED")
                .containsPattern("quick +PASSED +0 ")
                .containsPattern("demanding +FAILED +1 .*1 of 1: sim_reqs: count>1000000")
                .containsPattern("sim +PASSED +0 ");
        assertThat(errors()).isEmpty();
    }

    @Test
    void aSuiteWithAnUnknownNameRunsNothing() {
        assertThat(run("suite", "quick,nope")).isEqualTo(ExitCode.USAGE_ERROR);
        assertThat(errors()).isEqualTo("error: suite: 'nope' is neither a scenario nor a profile; 'list' shows them\n");
        assertThat(output()).doesNotContain("Suite 1/");
        assertThat(run("suite")).isEqualTo(ExitCode.USAGE_ERROR);
    }

    @Test
    void aJarsOwnOptionBecomesAVariable() {
        assertThat(run("sim", "--users", "1", "--run-time", "1s", "--redis", "redis://127.0.0.1:1")).isZero();
        assertThat(redisVariable.get()).isEqualTo("redis://127.0.0.1:1");
        assertThat(run("sim", "--help")).isZero();
        assertThat(output()).contains("--redis=URI", "the bus", "quick", "list", "suite");
    }
}
