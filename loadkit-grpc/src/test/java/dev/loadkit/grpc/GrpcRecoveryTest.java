package dev.loadkit.grpc;

import dev.loadkit.core.RunOptions;
import dev.loadkit.core.RunSummary;
import dev.loadkit.core.RunningTest;
import dev.loadkit.core.LoadTest;
import dev.loadkit.core.ThinkTime;
import dev.loadkit.core.UserClass;
import dev.loadkit.core.Workload;
import dev.loadkit.core.metrics.ErrorCount;
import dev.loadkit.grpc.test.EchoGrpc;
import dev.loadkit.grpc.test.EchoReply;
import dev.loadkit.grpc.test.EchoRequest;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The server goes away in the middle of a run and comes back: the calls in between fail as
 * {@code UNAVAILABLE}, counted, and every virtual user goes on and is served again once it is back.
 */
class GrpcRecoveryTest {

    @Test
    void callsFailWhileTheServerIsDownAndSucceedAgainWhenItReturns() throws Exception {
        try (EchoServer server = EchoServer.plaintext()) {
            Grpc grpc = Grpc.builder().target(server.target()).build();
            GrpcCall<EchoRequest, EchoReply> say = grpc.call(EchoGrpc.getSayMethod()).name("say");
            UserClass user = UserClass.named("user").thinkTime(ThinkTime.constant(Duration.ofMillis(50)))
                    .task("say", session -> say.run(session, EchoRequest.newBuilder().setText("up?").build())).build();
            RunningTest running = LoadTest.named("recovery").users(user).protocol(grpc)
                    .workload(Workload.constantUsers(3, Duration.ofSeconds(20))).build()
                    .start(RunOptions.builder().build());

            awaitCalls(server, 10);
            server.stop();
            Thread.sleep(2000);
            server.restart();
            long atRestart = server.calls("Say");
            RunSummary summary = running.await();

            // Served again after the restart, by every user: none was lost to the outage.
            assertThat(server.calls("Say")).isGreaterThan(atRestart);
            assertThat(GrpcRuns.errorsOf(summary, "say")).extracting(ErrorCount::kind).contains("UNAVAILABLE")
                    .allMatch(kind -> kind.equals("UNAVAILABLE") || kind.equals("CANCELLED"));
            long failed = summary.metric("grpc_req_failed").trues();
            assertThat(failed).isPositive();
            // The server counts a call when it starts: one cut by its stop counts there and failed here.
            long calls = summary.metric("grpc_reqs").count();
            assertThat(server.calls("Say")).isBetween(calls - failed, calls);
            assertThat(summary.metric("vus").max()).isEqualTo(3);
            assertThat(summary.errors()).allMatch(error -> error.name().equals("say"));
        }
    }

    private static void awaitCalls(EchoServer server, long count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (server.calls("Say") < count && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }
}
