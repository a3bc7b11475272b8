package dev.loadkit.bench;

import dev.loadkit.core.LoadTest;
import dev.loadkit.core.RunOptions;
import dev.loadkit.core.RunSummary;
import dev.loadkit.core.RunningTest;
import dev.loadkit.core.Stage;
import dev.loadkit.core.ThinkTime;
import dev.loadkit.core.UserClass;
import dev.loadkit.core.Workload;
import dev.loadkit.core.metrics.ErrorCount;
import dev.loadkit.core.report.ReportOptions;
import dev.loadkit.core.sim.SimulatedService;
import dev.loadkit.http.Http;
import dev.loadkit.http.HttpRequest;

import java.time.Duration;
import java.util.Map;

/**
 * Measures the heap that one thinking virtual user costs: its user, session, schedule and what its driver keeps,
 * while it waits 10 s between requests. Against the simulated service (no network), or over HTTP with every user
 * sharing one pool of 50 connections. The users start over 10 s, all think, and the heap is measured (after
 * garbage collections) once all of them run, against the heap before the run.
 *
 * <pre>
 * java -Xmx512m -cp loadkit-bench.jar dev.loadkit.bench.ThinkingUserMemory sim 100000
 * java -Xmx512m -cp loadkit-bench.jar dev.loadkit.bench.ThinkingUserMemory http://127.0.0.1:8080/ 100000
 * </pre>
 */
public final class ThinkingUserMemory {

    private static final Duration THINK = Duration.ofSeconds(10);

    private ThinkingUserMemory() {
    }

    /**
     * Runs the users and prints the heap per user.
     *
     * @param args {@code sim USERS} or {@code URL USERS}
     * @throws InterruptedException when interrupted while measuring
     */
    public static void main(String[] args) throws InterruptedException {
        int users = Integer.parseInt(args[1]);
        UserClass.Builder thinking = UserClass.named("thinking").thinkTime(ThinkTime.constant(THINK));
        LoadTest.Builder test = LoadTest.named("thinking users");
        if (args[0].equals("sim")) {
            SimulatedService service = SimulatedService.builder().latency(Duration.ofMillis(5)).build();
            test.users(thinking.task("call", session -> service.call(session, "call")).build()).protocol(service);
        } else {
            Http http = Http.builder().baseUrl(args[0]).sharedConnections(50).build();
            HttpRequest get = http.get("/").name("get");
            test.users(thinking.task("get", get::run).build()).protocol(http);
        }
        LoadTest built = test.workload(Workload.rampingUsers(Stage.of(Duration.ofSeconds(10), users),
                Stage.of(Duration.ofSeconds(25), users))).gracefulStop(THINK).build();
        long before = SettledHeap.bytes();
        RunningTest running = built.start(RunOptions.builder().reports(new ReportOptions(Map.of(), true, true)).build());
        Thread.sleep(25_000);
        long during = SettledHeap.bytes();
        RunSummary summary = running.await();
        long maxUsers = (long) summary.metric("vus_max").max();
        System.out.printf("%d users thinking %ds (%d iterations, %d errors): %.1f MB of heap, %.2f KB each%n",
                maxUsers, THINK.toSeconds(), summary.metric("iterations").count(),
                summary.errors().stream().mapToLong(ErrorCount::count).sum(), (during - before) / 1e6,
                (during - before) / 1024.0 / maxUsers);
    }
}
