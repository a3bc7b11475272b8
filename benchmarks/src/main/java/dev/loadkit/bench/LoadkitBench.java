package dev.loadkit.bench;

import dev.loadkit.core.ScenarioLauncher;
import io.netty.util.ResourceLeakDetector;


/**
 * The {@code main} of {@code loadkit-bench.jar}: the quick HTTP, gRPC and Redis runners, and scenarios
 * that exercise the engine itself.
 *
 * <pre>
 * java -jar benchmarks/target/loadkit-bench.jar http http://127.0.0.1:8080/ -c 50 -d 30s
 * java -jar benchmarks/target/loadkit-bench.jar grpc grpc://127.0.0.1:50051 --call pkg.Svc/Method -d '{"id": 1}'
 * java -jar benchmarks/target/loadkit-bench.jar redis redis://127.0.0.1:6379 --command GET -c 50
 * java -jar benchmarks/target/loadkit-bench.jar shop --run-time 30s --json shop.json
 * </pre>
 */
public final class LoadkitBench {

    private LoadkitBench() {
    }

    /**
     * Runs {@code http URL [options]}, {@code grpc TARGET [options]}, {@code redis URI [options]}, or a scenario
     * with the shared command line.
     *
     * @param args the arguments, see {@code --help} and {@code http --help}
     */
    public static void main(String[] args) {
        // A load generator's buffers are short-lived and its own: sampling them for leaks costs throughput.
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.DISABLED);
        // http, grpc and redis are commands of the jar (META-INF/services), listed by --help.
        launcher().run(args);
    }

    /**
     * The jar's launcher: its scenario, and the quick runners as commands.
     *
     * @return the launcher
     */
    static ScenarioLauncher launcher() {
        return ScenarioLauncher.builder("loadkit-bench")
                .scenario("shop", "A web shop of browsers and buyers against a simulated service (no network)",
                        SimulatedShop::loadTest)
                .build();
    }
}
