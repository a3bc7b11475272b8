package dev.loadkit.report;

import dev.loadkit.core.LoadTest;
import dev.loadkit.core.RunningTest;
import dev.loadkit.core.UserClass;
import dev.loadkit.core.Workload;
import dev.loadkit.core.sim.SimulatedService;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.Arrays;
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
        announceWhenReady(Thread.currentThread(), reached);
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
     * Prints {@link #READY} once the run has reached its state and the main thread waits for the run's end.
     * The command line starts the run, then installs its Ctrl-C handlers, then waits: a signal sent before
     * that wait could find the JVM's default handler, which is not what the test is about.
     */
    private static void announceWhenReady(Thread main, AtomicBoolean reached) {
        Thread watcher = new Thread(() -> {
            while (!(reached.get() && waitsForTheEnd(main))) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
            }
            System.out.println(READY);
        }, "interruptible-run-ready");
        watcher.setDaemon(true);
        watcher.start();
    }

    private static boolean waitsForTheEnd(Thread main) {
        Thread.State state = main.getState();
        return (state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING)
                && Arrays.stream(main.getStackTrace()).anyMatch(frame ->
                frame.getClassName().equals(RunningTest.class.getName()) && frame.getMethodName().equals("await"));
    }
}
