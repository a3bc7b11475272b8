package dev.loadkit.novacron;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The live outputs of a NovaCron run, against the real tools: Prometheus's {@code promtool} checks what
 * {@code --prometheus} serves during the run; a real {@code influxd} (Debian's, started here on free loopback
 * ports) receives {@code --out influxdb} and gives back every request; and the shipped Grafana dashboard queries
 * only metrics, fields and tags that loadkit writes to each.
 */
class LiveOutputsTest {

    private static final Path GRAFANA = Path.of("..", "grafana", "loadkit-dashboard.json");
    private static final Pattern PROMETHEUS_METRIC = Pattern.compile("\\bloadkit_\\w+");
    private static final Pattern PROMETHEUS_LABEL = Pattern.compile("(\\w+)\\s*=~?\\s*\"|\\{\\{(\\w+)}}|by \\(([\\w, ]+)\\)");
    private static final Pattern INFLUX_MEASUREMENT = Pattern.compile("FROM \"(\\w+)\"");
    private static final Pattern INFLUX_FIELD = Pattern.compile("\\w+\\(\"(\\w+)\"\\)");
    private static final Pattern INFLUX_TAG = Pattern.compile("GROUP BY time\\([^)]*\\)((?:, \"\\w+\")*)|\\$tag_(\\w+)");

    @TempDir
    Path folder;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper();
    private Process influxd;

    @AfterEach
    void stopInfluxd() throws InterruptedException {
        if (influxd != null) {
            influxd.destroy();
            if (!influxd.waitFor(20, TimeUnit.SECONDS)) {
                influxd.destroyForcibly();
            }
        }
    }

    @Test
    void prometheusPassesPromtoolInfluxDbHoldsEveryRequestAndGrafanaQueriesOnlyWhatIsWritten() throws Exception {
        int influxPort = startInfluxd();
        int prometheusPort = freePort();
        Path summaryFile = folder.resolve("summary.json");
        CompletableFuture<Integer> run = CompletableFuture.supplyAsync(() -> NovaCron.launcher().execute("smoke",
                "-t", "8s", "--quiet", "--json", summaryFile.toString(), "--prometheus=" + prometheusPort,
                "--out", "influxdb=http://127.0.0.1:" + influxPort + ",db=novacron"));

        String scrape = awaitScrape(prometheusPort);
        Process promtool = new ProcessBuilder("promtool", "check", "metrics").redirectErrorStream(true).start();
        promtool.getOutputStream().write(scrape.getBytes(StandardCharsets.UTF_8));
        promtool.getOutputStream().close();
        String findings = new String(promtool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(promtool.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(promtool.exitValue()).as(findings).isZero();
        assertThat(findings).isBlank();

        int exitCode = run.get(90, TimeUnit.SECONDS);
        JsonNode summary = json.readTree(summaryFile.toFile());
        assertThat(exitCode).isEqualTo(summary.path("exitCode").asInt());
        long requests = summary.path("metrics").path("http_reqs").path("count").asLong();
        assertThat(requests).isPositive();
        assertThat(influxSum(influxPort, "SELECT sum(\"value\") FROM \"http_reqs\"")).isEqualTo(requests);
        assertThat(influxSum(influxPort, "SELECT sum(\"count\") FROM \"http_req_duration\"")).isEqualTo(requests);

        JsonNode dashboard = json.readTree(GRAFANA.toFile());
        int prometheusQueries = 0;
        int influxQueries = 0;
        for (JsonNode target : dashboard.findValues("targets")) {
            for (JsonNode query : target) {
                if (query.has("expr")) {
                    prometheusQueries++;
                    checkPrometheusQuery(query.path("expr").asText() + " " + query.path("legendFormat").asText(), scrape);
                } else {
                    influxQueries++;
                    checkInfluxQuery(influxPort, query.path("query").asText() + " " + query.path("alias").asText());
                }
            }
        }
        assertThat(prometheusQueries).isGreaterThanOrEqualTo(6);
        assertThat(influxQueries).isGreaterThanOrEqualTo(6);
    }

    /** Every metric the query reads is served, with every label it reads. */
    private static void checkPrometheusQuery(String query, String scrape) {
        Matcher metrics = PROMETHEUS_METRIC.matcher(query);
        Set<String> labels = new HashSet<>();
        Matcher labelMatcher = PROMETHEUS_LABEL.matcher(query);
        while (labelMatcher.find()) {
            for (int group = 1; group <= 3; group++) {
                if (labelMatcher.group(group) != null) {
                    for (String label : labelMatcher.group(group).split(",\\s*")) {
                        labels.add(label.trim());
                    }
                }
            }
        }
        boolean named = false;
        while (metrics.find()) {
            named = true;
            String metric = metrics.group();
            Set<String> served = new HashSet<>();
            boolean found = false;
            for (String line : scrape.lines().toList()) {
                if (line.startsWith(metric + "{") || line.startsWith(metric + " ")) {
                    found = true;
                    Matcher labelsOfLine = Pattern.compile("(\\w+)=\"").matcher(line);
                    while (labelsOfLine.find()) {
                        served.add(labelsOfLine.group(1));
                    }
                }
            }
            assertThat(found).as("the dashboard queries " + metric + ", which /metrics serves").isTrue();
            for (String label : labels) {
                if (!PROMETHEUS_METRIC.matcher(label).matches()) {
                    assertThat(served).as("label '" + label + "' of " + metric + " in: " + query).contains(label);
                }
            }
        }
        assertThat(named).as("the query reads a loadkit metric: " + query).isTrue();
    }

    /** Every measurement the query reads holds points, with every field and tag it reads. */
    private void checkInfluxQuery(int port, String query) throws Exception {
        Matcher measurement = INFLUX_MEASUREMENT.matcher(query);
        assertThat(measurement.find()).as(query).isTrue();
        String name = measurement.group(1);
        String fields = influx(port, "SHOW FIELD KEYS FROM \"" + name + "\"").toString();
        Matcher field = INFLUX_FIELD.matcher(query);
        while (field.find()) {
            assertThat(fields).as("field '" + field.group(1) + "' of " + name + " in: " + query).contains("\"" + field.group(1) + "\"");
        }
        String tags = influx(port, "SHOW TAG KEYS FROM \"" + name + "\"").toString();
        Set<String> wanted = new LinkedHashSet<>();
        Matcher tag = INFLUX_TAG.matcher(query);
        while (tag.find()) {
            if (tag.group(1) != null) {
                Matcher quoted = Pattern.compile("\"(\\w+)\"").matcher(tag.group(1));
                while (quoted.find()) {
                    wanted.add(quoted.group(1));
                }
            }
            if (tag.group(2) != null) {
                wanted.add(tag.group(2));
            }
        }
        for (String key : wanted) {
            assertThat(tags).as("tag '" + key + "' of " + name + " in: " + query).contains("\"" + key + "\"");
        }
    }

    private long influxSum(int port, String query) throws Exception {
        JsonNode values = influx(port, query).path("results").get(0).path("series").get(0).path("values");
        return Math.round(values.get(0).get(1).asDouble());
    }

    private JsonNode influx(int port, String query) throws Exception {
        URI uri = URI.create("http://127.0.0.1:" + port + "/query?db=novacron&q=" + URLEncoder.encode(query, StandardCharsets.UTF_8));
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json.readTree(response.body());
    }

    /** Scrapes until the run's HTTP requests are served. */
    private String awaitScrape(int port) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        URI metrics = URI.create("http://127.0.0.1:" + port + "/metrics");
        while (System.nanoTime() < deadline) {
            try {
                String body = http.send(HttpRequest.newBuilder(metrics).build(), HttpResponse.BodyHandlers.ofString()).body();
                if (body.contains("loadkit_http_reqs_total") && body.contains("loadkit_http_req_duration_seconds")) {
                    return body;
                }
            } catch (IOException notYet) {
                // The run has not started serving yet.
            }
            Thread.sleep(200);
        }
        throw new AssertionError("/metrics never served the run's requests");
    }

    /** Starts Debian's influxd with its data in the test's folder, on free loopback ports. */
    private int startInfluxd() throws Exception {
        int httpPort = freePort();
        int rpcPort = freePort();
        Path config = folder.resolve("influxdb.conf");
        Files.writeString(config, String.join("\n",
                "reporting-enabled = false",
                "bind-address = \"127.0.0.1:" + rpcPort + "\"",
                "[meta]", "  dir = \"" + folder.resolve("meta") + "\"",
                "[data]", "  dir = \"" + folder.resolve("data") + "\"", "  wal-dir = \"" + folder.resolve("wal") + "\"",
                "[http]", "  bind-address = \"127.0.0.1:" + httpPort + "\"", "  log-enabled = false",
                "[monitor]", "  store-enabled = false", ""));
        influxd = new ProcessBuilder("influxd", "-config", config.toString())
                .redirectErrorStream(true).redirectOutput(folder.resolve("influxd.log").toFile()).start();
        URI ping = URI.create("http://127.0.0.1:" + httpPort + "/ping");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            try {
                if (http.send(HttpRequest.newBuilder(ping).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 204) {
                    return httpPort;
                }
            } catch (IOException notYet) {
                // Still starting.
            }
            assertThat(influxd.isAlive()).as(Files.readString(folder.resolve("influxd.log"))).isTrue();
            Thread.sleep(200);
        }
        throw new AssertionError("influxd did not answer: " + Files.readString(folder.resolve("influxd.log")));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
