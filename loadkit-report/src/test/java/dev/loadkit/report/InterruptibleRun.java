package dev.loadkit.report;

import dev.loadkit.core.LoadTest;
import dev.loadkit.core.UserClass;
import dev.loadkit.core.Workload;
import dev.loadkit.core.sim.SimulatedService;

import java.time.Duration;

/**
 * A ten-minute run for {@link InterruptTest} to interrupt: {@code fast} calls a service of 10 ms,
 * {@code stuck} calls one that never answers within the run.
 */
public final class InterruptibleRun {

    private InterruptibleRun() {
    }

    /**
     * Runs the scenario named by the first argument.
     *
     * @param args the shared command line
     */
    public static void main(String[] args) {
        Duration latency = args[0].equals("stuck") ? Duration.ofMinutes(5) : Duration.ofMillis(10);
        SimulatedService service = SimulatedService.builder().latency(latency).build();
        UserClass user = UserClass.named("user").task("call", session -> service.call(session, "call")).build();
        LoadTest.named(args[0]).users(user).protocol(service)
                .workload(Workload.constantUsers(3, Duration.ofMinutes(10)))
                .threshold("sim_req_duration: p(95)<1000")
                .build()
                .run(args);
    }
}
