package dev.loadkit.report;

import dev.loadkit.core.LoadTest;
import dev.loadkit.core.UserClass;
import dev.loadkit.core.Workload;
import dev.loadkit.core.sim.SimulatedService;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A ten-minute run for {@link InterruptTest} to interrupt: {@code fast} calls a service of 10 ms,
 * {@code stuck} calls one that never answers within the run. Each prints {@link #READY} once the run is
 * in the state the test needs, so that the test waits for that state rather than for a guessed time.
 */
public final class InterruptibleRun {

    /** Printed on its own line when the run is ready to be interrupted. */
    static final String READY = "interruptible run: ready";
    /** The calls {@code fast} has completed when it prints {@link #READY}. */
    static final int FAST_CALLS_BEFORE_READY = 100;
    /** The users, each of which has a call in flight when {@code stuck} prints {@link #READY}. */
    static final int USERS = 3;

    private InterruptibleRun() {
    }

    /**
     * Runs the scenario named by the first argument.
     *
     * @param args the shared command line
     */
    public static void main(String[] args) {
        boolean stuck = args[0].equals("stuck");
        Duration latency = stuck ? Duration.ofMinutes(5) : Duration.ofMillis(10);
        SimulatedService service = SimulatedService.builder().latency(latency).build();
        AtomicLong started = new AtomicLong();
        AtomicLong completed = new AtomicLong();
        AtomicBoolean reached = new AtomicBoolean();
        UserClass user = UserClass.named("user").task("call", session -> Mono.defer(() -> {
            if (started.incrementAndGet() == USERS && stuck) {
                reached.set(true);
            }
            return service.call(session, "call").doOnNext(ok -> {
                if (completed.incrementAndGet() == FAST_CALLS_BEFORE_READY && !stuck) {
                    reached.set(true);
                }
            });
        })).build();
        announceWhenReady(reached);
        LoadTest.named(args[0]).users(user).protocol(service)
                .workload(Workload.constantUsers(USERS, Duration.ofMinutes(10)))
                // Far longer than the test waits: a second Ctrl-C that did not stop at once would be seen.
                .gracefulStop(stuck ? Duration.ofMinutes(10) : Duration.ofSeconds(30))
                // Judged on the samples so far; passes whatever the machine's speed: no answer comes before 10 ms.
                .threshold("sim_req_duration: p(95)>=10")
                .build()
                .run(args);
    }

    /**
     * Prints {@link #READY} once the run has reached its state. The command line installs its Ctrl-C
     * handlers before the run starts, so a signal sent from then on is the run's to handle.
     */
    private static void announceWhenReady(AtomicBoolean reached) {
        Thread watcher = new Thread(() -> {
            while (!reached.get()) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
            }
            System.out.println(READY);
        }, "interruptible-run-ready");
        watcher.setDaemon(true);
        watcher.start();
    }
}
