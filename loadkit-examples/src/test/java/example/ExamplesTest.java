package example;

import dev.loadkit.core.LoadTest;
import dev.loadkit.core.RunOptions;
import dev.loadkit.core.RunSummary;
import dev.loadkit.core.Workload;
import dev.loadkit.novacron.simulator.NovaCronTarget;
import dev.loadkit.redis.RedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** Each example, as written, passes against the simulator it names: no error, no failed check or threshold. */
class ExamplesTest {

    private static NovaCronTarget novaCron;

    @BeforeAll
    static void startSimulator() {
        novaCron = NovaCronTarget.start(NovaCronTarget.Settings.defaults());
    }

    @AfterAll
    static void stopSimulator() {
        novaCron.close();
    }

    /** Runs a few users for a few seconds, the workload of the command line's --users and --run-time. */
    private static RunSummary briefly(LoadTest test, String host) {
        return briefly(test, host, 3);
    }

    private static RunSummary briefly(LoadTest test, String host, int users) {
        RunOptions.Builder options = RunOptions.builder().workload(Workload.constantUsers(users, Duration.ofSeconds(4)));
        if (host != null) {
            options.host(host);
        }
        return test.execute(options.build());
    }

    private static void assertClean(RunSummary summary) {
        assertThat(summary.errors()).as("errors").isEmpty();
        assertThat(summary.requests()).as("requests").isNotEmpty();
        summary.checks().forEach(check -> assertThat(check.fails()).as(check.name()).isZero());
        summary.thresholds().stream().filter(threshold -> threshold.metric().endsWith("failed") || threshold.metric().equals("checks"))
                .forEach(threshold -> assertThat(threshold.passed()).as(threshold.expression()).isTrue());
    }

    @Test
    void theShopRunsOnTheSimulatedService() {
        assertClean(briefly(ShopTest.test(), null));
    }

    @Test
    void theVmLifecycleRunsAgainstTheNovaCronSimulator() {
        RunSummary summary = briefly(VmTest.test(), novaCron.url());
        assertClean(summary);
        assertThat(summary.requests()).extracting(request -> request.name()).contains("create vm", "start vm", "get vm");
    }

    @Test
    void theDashboardsRunAgainstTheNovaCronSimulator() {
        RunSummary summary = briefly(DashboardTest.test(), novaCron.url().replace("http://", "ws://"));
        assertClean(summary);
        assertThat(summary.metric("ws_msg_latency").count()).isPositive();
        assertThat(summary.metric("ws_msgs_received").count()).isPositive();
    }

    @Test
    void theAgentsRunAgainstARealRedisServer() throws Exception {
        try (RedisServer server = RedisServer.plain()) {
            // Each agent picks "work" or "listen" (a second long) at random: with one agent in 4 s, it could pick
            // only "listen" and read nothing (1 run in 16 could). Eight users, four of them agents, make that 1 in 65,536.
            RunSummary summary = briefly(AgentsTest.test(), server.uri(), 8);
            assertClean(summary);
            assertThat(summary.metric("stream_msgs_consumed").count()).isPositive();
            assertThat(summary.metric("stream_msg_latency").count()).isPositive();
        }
    }
}
