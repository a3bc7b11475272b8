package dev.loadkit.novacron;

import dev.loadkit.core.ScenarioLauncher;
import io.netty.util.ResourceLeakDetector;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * {@code java -jar scenarios-novacron.jar SCENARIO [options]}: the NovaCron scenarios on the shared
 * command line, the embedded simulator alone ({@code target --port P}), and {@code compare}.
 */
public final class NovaCron {

    private NovaCron() {
    }

    /**
     * Runs a scenario or a command.
     *
     * @param args the command line; {@code --help} lists it
     */
    public static void main(String[] args) {
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.DISABLED);
        launcher().run(args);
    }

    /**
     * The launcher of every NovaCron scenario.
     *
     * @return the launcher
     */
    public static ScenarioLauncher launcher() {
        NovaCronScenarios scenarios = new NovaCronScenarios();
        return ScenarioLauncher.builder("scenarios-novacron")
                .defaultConfig(defaultConfig())
                .scenario("smoke", "A quick check of every area with a few users (30 s)", scenarios::smoke)
                .scenario("dev-test", "Reduced load over every area (20 users, 1 min)", scenarios::devTest)
                .scenario("api", "REST API load: 1000 users over all endpoints, 10 min", scenarios::api)
                .scenario("vm", "VM lifecycles under load: create, start, snapshot or migrate, stop, delete", scenarios::vm)
                .scenario("ws", "WebSocket streams: 2000 dashboards on metrics, alerts, logs and consoles", scenarios::ws)
                .scenario("db", "Database-heavy endpoints: complex queries, frequent reads, write batches", scenarios::db)
                .scenario("federation", "Cross-cluster sync, migrations between clusters, cluster health", scenarios::federationScenario)
                .scenario("stress", "Progressive load to 5000 users, to find the breaking point and the recovery", scenarios::stress)
                .scenario("soak", "200 users for 2 hours: drift over time, in the history and the histogram log", scenarios::soak)
                .scenario("benchmark", "The suite in sequence (api, vm, ws, db, federation; 1 min each) into one combined report", scenarios::benchmark)
                .build();
    }

    private static String defaultConfig() {
        try (InputStream in = NovaCron.class.getResourceAsStream("novacron.yaml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
