package dev.loadkit.bench;

import dev.loadkit.core.ScenarioLauncher;
import io.netty.util.ResourceLeakDetector;

import java.util.Arrays;

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
        if (args.length > 0 && args[0].equals("http")) {
            System.exit(HttpQuickRunner.execute(Arrays.copyOfRange(args, 1, args.length), System.out, System.err));
        }
        if (args.length > 0 && args[0].equals("grpc")) {
            System.exit(GrpcQuickRunner.execute(Arrays.copyOfRange(args, 1, args.length), System.out, System.err));
        }
        if (args.length > 0 && args[0].equals("redis")) {
            System.exit(RedisQuickRunner.execute(Arrays.copyOfRange(args, 1, args.length), System.out, System.err));
        }
        ScenarioLauncher.builder("loadkit-bench")
                .scenario("shop", "A web shop of browsers and buyers against a simulated service (no network)",
                        SimulatedShop::loadTest)
                .build()
                .run(args);
    }
}
