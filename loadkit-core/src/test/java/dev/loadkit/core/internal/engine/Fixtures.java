package dev.loadkit.core.internal.engine;

import dev.loadkit.core.LoadTest;
import dev.loadkit.core.Session;
import dev.loadkit.core.Task;
import dev.loadkit.core.ThinkTime;
import dev.loadkit.core.UserClass;
import dev.loadkit.core.Workload;
import dev.loadkit.core.sim.SimulatedService;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Small tests made of simulated services, with probes that record what happened when, in virtual time. */
final class Fixtures {

    private Fixtures() {
    }

    static SimulatedService service(Duration latency) {
        return SimulatedService.builder().latency(latency).build();
    }

    /** A user class with one task that calls the service once. */
    static UserClass caller(String name, SimulatedService service) {
        return UserClass.named(name).task(Task.of("call", session -> service.call(session, "call"))).build();
    }

    static LoadTest test(Workload workload, UserClass... classes) {
        return LoadTest.named("test").users(classes).workload(workload).build();
    }

    /** Records the virtual time of events, relative to the first time it is asked to. */
    static final class Probe {
        final List<Long> times = new CopyOnWriteArrayList<>();
        final List<Long> users = new CopyOnWriteArrayList<>();

        Mono<Void> mark(Session session) {
            return Mono.fromRunnable(() -> {
                times.add(session.nanoTime());
                users.add(session.userId());
            });
        }

        /** The marks in milliseconds since the run's start at virtual time zero. */
        List<Long> millis() {
            return times.stream().map(nanos -> nanos / 1_000_000).toList();
        }
    }

    /** A class whose users mark when they start and then call the service. */
    static UserClass marked(String name, Probe starts, SimulatedService service, ThinkTime thinkTime) {
        return UserClass.named(name)
                .onStart(starts::mark)
                .task(Task.of("call", session -> service.call(session, "call")))
                .thinkTime(thinkTime)
                .build();
    }
}
