package dev.loadkit.bench;

import dev.loadkit.core.ScenarioLauncher;

/**
 * The {@code main} of {@code loadkit-bench.jar}: scenarios that exercise the engine itself.
 *
 * <pre>
 * java -jar benchmarks/target/loadkit-bench.jar shop --run-time 30s --json shop.json
 * </pre>
 */
public final class LoadkitBench {

    private LoadkitBench() {
    }

    /**
     * Runs the shared command line.
     *
     * @param args the arguments, see {@code --help}
     */
    public static void main(String[] args) {
        ScenarioLauncher.builder("loadkit-bench")
                .scenario("shop", "A web shop of browsers and buyers against a simulated service (no network)",
                        SimulatedShop::loadTest)
                .build()
                .run(args);
    }
}
