package dev.loadkit.novatorch;

import dev.loadkit.core.RunProfile;
import dev.loadkit.core.ScenarioLauncher;
import io.netty.util.ResourceLeakDetector;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * {@code java -jar scenarios-novatorch.jar PROFILE|SCENARIO [options]}: the Nova-Torch profiles and scenarios
 * on the shared command line, {@code list}, {@code suite}, the embedded target alone ({@code target}) and
 * {@code compare}.
 */
public final class NovaTorch {

    /** Nova-Torch's own profiles: users, spawn rate, run time, and the thresholds each must meet. */
    public static final List<RunProfile> PROFILES = List.of(
            RunProfile.of("smoke", "A quick check that every flow works", 5, 5, Duration.ofMinutes(2))
                    .withThresholds("grpc_req_duration: p(95)<1000", "stream_msg_latency: p(95)<2000"),
            RunProfile.of("development", "Developers' load, before a merge", 20, 2, Duration.ofMinutes(5))
                    .withThresholds("grpc_req_duration: p(95)<1000", "stream_msg_latency: p(95)<2000"),
            RunProfile.of("staging", "Release candidate at a fifth of production", 100, 10, Duration.ofMinutes(15))
                    .withThresholds("grpc_req_duration: p(95)<750",
                            "stream_msg_latency: p(95)<1000"),
            RunProfile.of("production", "Production traffic", 500, 25, Duration.ofMinutes(30))
                    .withThresholds("grpc_req_duration: avg<100", "grpc_req_duration: p(95)<500",
                            "grpc_req_failed: rate<0.005", "grpc_reqs: rate>2000", "stream_msg_latency: p(95)<1000"),
            RunProfile.of("stress", "Twice production, to find the limits", 1000, 50, Duration.ofHours(1))
                    .withThresholds("grpc_req_failed: rate<0.05", "grpc_req_duration: p(95)<2000"),
            RunProfile.of("soak", "Steady load for hours: leaks and drift", 200, 10, Duration.ofHours(4))
                    .withThresholds("grpc_req_failed: rate<0.005", "grpc_req_duration: p(95)<500",
                            "stream_msg_latency: p(95)<1000"),
            RunProfile.of("spike", "A sudden surge of agents", 2000, 200, Duration.ofMinutes(10))
                    .withThresholds("grpc_req_failed: rate<0.05", "grpc_req_duration: p(95)<3000"));

    private NovaTorch() {
    }

    /**
     * Runs a profile, a scenario or a command.
     *
     * @param args the command line; {@code --help} lists it
     */
    public static void main(String[] args) {
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.DISABLED);
        launcher().run(args);
    }

    /**
     * The launcher of every Nova-Torch scenario and profile.
     *
     * @return the launcher
     */
    public static ScenarioLauncher launcher() {
        NovaTorchScenarios scenarios = new NovaTorchScenarios();
        ScenarioLauncher.Builder launcher = ScenarioLauncher.builder("scenarios-novatorch")
                .defaultConfig(defaultConfig())
                .scenario("mixed", "Orchestrators, agents and stress users at weights 3, 10 and 1 (what a profile runs)", scenarios::mixed)
                .scenario("agent-scaling", "Agents join in waves (20 to 640 users) until task assignment's p95 passes 500 ms",
                        scenarios::agentScaling)
                .scenario("collaboration-stress", "Agents asking each other for help at a rate growing to 200/s",
                        scenarios::collaborationStress)
                .option("--redis", "URI", "The message bus (Redis or DragonflyDB) to relay through, like redis://127.0.0.1:6379; "
                        + "without it the embedded target starts a redis-server.");
        PROFILES.forEach(launcher::profile);
        return launcher.build();
    }

    private static String defaultConfig() {
        try (InputStream in = NovaTorch.class.getResourceAsStream("novatorch.yaml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
