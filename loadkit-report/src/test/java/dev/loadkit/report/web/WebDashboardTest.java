package dev.loadkit.report.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loadkit.core.ExitCode;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard's API as a page uses it, over real HTTP: it waits for the start, refuses a bad start with a
 * message, starts, steers the users, refuses cross-site calls and other hosts, stops, and serves the reports.
 */
class WebDashboardTest {

    @Test
    void aRunIsStartedSteeredStoppedAndDownloadedFromTheApi() throws Exception {
        try (DashboardRun run = DashboardRun.start("--autoquit", "20")) {
            JsonNode waiting = run.awaitState(state -> state.path("phase").asText().equals("waiting"));
            assertThat(waiting.path("launch").path("users").asInt()).isEqualTo(2);
            assertThat(waiting.path("launch").path("runTime").asText()).isEqualTo("30s");

            HttpResponse<String> refused = run.post("/api/start", "{\"users\":\"3\",\"runTime\":\"soon\"}");
            assertThat(refused.statusCode()).isEqualTo(400);
            assertThat(refused.body()).contains("runTime must be a duration like 30s");
            assertThat(run.post("/api/start", "{\"users\":\"3\",\"runTime\":\"20s\"}").statusCode()).isEqualTo(200);
            assertThat(run.post("/api/start", "{}").body()).contains("already started");

            JsonNode running = run.awaitState(state -> state.path("users").asInt() == 3
                    && state.path("requests").size() > 0);
            assertThat(running.path("phase").asText()).isEqualTo("running");
            assertThat(running.path("steers").asText()).isEqualTo("users");
            assertThat(running.path("parameters").path("workload").asText()).isEqualTo("3 users for 20s");
            assertThat(running.path("requests").findValuesAsText("name")).contains("call");
            assertThat(running.path("thresholds").get(0).path("expression").asText()).isEqualTo("sim_req_duration: p(95)<5000");

            assertThat(run.post("/api/steer", "{\"users\":\"\"}").body()).contains("give users or arrivalRate");
            assertThat(run.post("/api/steer", "{\"users\":5}").statusCode()).isEqualTo(200);
            assertThat(run.post("/api/steer", "{\"arrivalRate\":5}").body()).contains("steer its users");
            run.awaitState(state -> state.path("users").asInt() == 5);

            assertThat(run.post("/api/stop", "{}", "Origin", "http://attacker.example").statusCode()).isEqualTo(403);
            assertThat(run.post("/api/stop", "{}", "Sec-Fetch-Site", "cross-site").statusCode()).isEqualTo(403);
            assertThat(run.post("/api/stop", "{}", "Content-Type", "text/plain").statusCode()).isEqualTo(415);
            assertThat(rawStatus(run.port, "GET /api/state HTTP/1.1\r\nHost: attacker.example\r\nConnection: close\r\n\r\n"))
                    .isEqualTo(421);
            assertThat(run.state().path("phase").asText()).isEqualTo("running");
            assertThat(run.get("/metrics").body()).contains("loadkit_sim_reqs_total");

            assertThat(run.post("/api/stop", "{}", "Origin", "http://127.0.0.1:" + run.port).statusCode()).isEqualTo(200);
            JsonNode finished = run.awaitState(state -> state.path("phase").asText().equals("finished"));
            assertThat(finished.path("verdict").path("exitCode").asInt()).isEqualTo(ExitCode.ABORTED);
            assertThat(finished.path("verdict").path("abortReason").asText()).isEqualTo("stopped from the web dashboard");
            assertThat(finished.path("history").size()).isGreaterThan(1);

            HttpResponse<String> summary = run.get("/reports/summary.json");
            assertThat(summary.statusCode()).isEqualTo(200);
            assertThat(summary.headers().firstValue("Content-Disposition")).hasValue("attachment; filename=\"summary.json\"");
            JsonNode json = new ObjectMapper().readTree(summary.body());
            assertThat(json.path("exitCode").asInt()).isEqualTo(ExitCode.ABORTED);
            assertThat(json.path("requests").findValues("count").stream().mapToLong(JsonNode::asLong).sum())
                    .isEqualTo(finished.path("requests").findValues("count").stream().mapToLong(JsonNode::asLong).sum());
            assertThat(run.get("/reports/report.html").body()).contains("<html");
            assertThat(run.get("/reports/results_stats.csv").body()).contains("Aggregated");
            assertThat(run.get("/reports/../../etc/passwd").statusCode()).isEqualTo(404);

            // The process stays for --autoquit, then ends with the run's exit code.
            assertThat(run.exitCode.get(40, TimeUnit.SECONDS)).isEqualTo(ExitCode.ABORTED);
        }
    }

    @Test
    void anOpenWorkloadStartedFromThePageHasItsArrivalRateSteered() throws Exception {
        try (DashboardRun run = DashboardRun.start("--autoquit", "0")) {
            run.awaitState(state -> state.path("phase").asText().equals("waiting"));
            assertThat(run.post("/api/start", "{\"users\":\"50\",\"arrivalRate\":\"20\",\"runTime\":\"6s\"}")
                    .statusCode()).isEqualTo(200);
            JsonNode running = run.awaitState(state -> state.path("phase").asText().equals("running")
                    && state.path("steers").asText().equals("arrivalRate"));
            assertThat(running.path("parameters").path("workload").asText()).contains("20");
            assertThat(run.post("/api/steer", "{\"users\":5}").body()).contains("steer its arrival rate");
            assertThat(run.post("/api/steer", "{\"arrivalRate\":60}").statusCode()).isEqualTo(200);
            run.awaitState(state -> state.path("row").path("rps").asDouble() > 40);
            assertThat(run.exitCode.get(40, TimeUnit.SECONDS)).isEqualTo(ExitCode.PASSED);
        }
    }

    @Test
    void autostartRunsAtOnceAndAutoquitEndsTheProcessAfterTheRun() throws Exception {
        try (DashboardRun run = DashboardRun.start("--autostart", "--autoquit", "0", "-t", "2s")) {
            assertThat(run.exitCode.get(40, TimeUnit.SECONDS)).isEqualTo(ExitCode.PASSED);
        }
    }

    @Test
    void anotherAddressNeedsTheTokenPrintedAtTheStartForEveryCall() throws Exception {
        PrintStream console = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try (DashboardRun run = DashboardRun.start("--web-bind", "127.0.0.1", "--autoquit", "0", "-t", "2s")) {
            Matcher address = Pattern.compile("dashboard at (http://\\S+\\?token=(\\w+))")
                    .matcher(printed.toString(StandardCharsets.UTF_8));
            assertThat(address.find()).as(printed.toString(StandardCharsets.UTF_8)).isTrue();
            String token = address.group(2);

            // The page and its scripts hold no data: they load, and the page sends the token with its calls.
            assertThat(run.get("/").statusCode()).isEqualTo(200);
            assertThat(run.get("/dashboard.js").statusCode()).isEqualTo(200);
            assertThat(run.get("/api/state").statusCode()).isEqualTo(401);
            assertThat(run.get("/metrics").statusCode()).isEqualTo(401);
            assertThat(run.get("/api/state?token=wrong").statusCode()).isEqualTo(401);
            assertThat(run.post("/api/start", "{}").statusCode()).isEqualTo(401);
            assertThat(run.get("/api/state?token=" + token).statusCode()).isEqualTo(200);
            assertThat(run.post("/api/start", "{}", "X-Loadkit-Token", token).statusCode()).isEqualTo(200);
            assertThat(run.exitCode.get(40, TimeUnit.SECONDS)).isEqualTo(ExitCode.PASSED);
        } finally {
            System.setOut(console);
        }
    }

    private static int rawStatus(int port, String request) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String status = new String(in.readNBytes(12), StandardCharsets.US_ASCII);
            return Integer.parseInt(status.substring(9, 12));
        }
    }
}
