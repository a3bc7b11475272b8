package dev.loadkit.report.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loadkit.core.ConfigurationException;
import dev.loadkit.core.RunSummary;
import dev.loadkit.core.RunningTest;
import dev.loadkit.core.report.FirstError;
import dev.loadkit.core.report.IntervalSnapshot;
import dev.loadkit.core.report.Launch;
import dev.loadkit.core.report.LiveView;
import dev.loadkit.core.report.ReportOptions;
import dev.loadkit.core.report.Reporter;
import dev.loadkit.core.report.ReporterProvider;
import dev.loadkit.core.report.RunStart;
import dev.loadkit.report.csv.CsvReporterProvider;
import dev.loadkit.report.html.HtmlReporterProvider;
import dev.loadkit.report.json.JsonReporterProvider;
import dev.loadkit.report.micrometer.MicrometerReporter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The web dashboard of a run from the command line, as Locust's web UI: it waits for a person to start the
 * run from the page (unless {@code --autostart}), shows the run live, steers its users or arrival rate, stops
 * it, and after it offers its HTML, JSON and CSV reports for download until Ctrl-C or {@code --autoquit}.
 */
final class WebDashboard implements LiveView, DashboardServer.Controls {

    private static final Logger LOG = LoggerFactory.getLogger(WebDashboard.class);
    /** The reports the page offers after the run, by their download names. */
    private static final Map<String, String> REPORTS = Map.of(
            "report.html", "html", "summary.json", "json", "results_stats.csv", "csv");

    /** A start asked for from the page, answered with null when it starts or with what to fix. */
    private record StartRequest(Launch launch, CompletableFuture<String> answer) {
    }

    private final DashboardSettings settings;
    private final PrintStream out;
    private final SynchronousQueue<StartRequest> starts = new SynchronousQueue<>();
    private final PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Path reportFolder;
    private final List<Reporter> downloadReporters = new ArrayList<>();
    private final DashboardServer server;
    private final Reporter reporter = new DashboardReporter();
    private final DashboardState state = new DashboardState();
    private volatile RunningTest test;
    /** Set once a launch is accepted: later starts are refused at once. */
    private volatile boolean launched;

    WebDashboard(DashboardSettings settings, PrintStream out) {
        this.settings = settings;
        this.out = out;
        try {
            reportFolder = Files.createTempDirectory("loadkit-dashboard");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            server = new DashboardServer(new InetSocketAddress(settings.bind(), settings.port()), settings.token(), state,
                    this, prometheus::scrape);
        } catch (RuntimeException e) {
            deleteReports();
            throw e;
        }
    }

    /** The address the page is at, with its token when it needs one. */
    String address() {
        String host = settings.bind().isAnyLocalAddress() ? "127.0.0.1" : settings.bind().getHostAddress();
        if (host.contains(":")) {
            host = "[" + host + "]";
        }
        return "http://" + host + ":" + server.port() + "/" + (settings.token() == null ? "" : "?token=" + settings.token());
    }

    @Override
    public <T> T awaitLaunch(Launch proposed, Function<Launch, T> prepare) throws InterruptedException {
        state.proposed(proposed);
        if (settings.autostart()) {
            out.println("loadkit: dashboard at " + address());
            T prepared = prepare.apply(proposed);
            launched();
            return prepared;
        }
        out.println("loadkit: dashboard at " + address() + " : start the test from the page (Ctrl-C to exit)");
        out.flush();
        while (true) {
            StartRequest request = starts.take();
            try {
                T prepared = prepare.apply(request.launch());
                launched();
                request.answer().complete(null);
                return prepared;
            } catch (ConfigurationException | IllegalArgumentException e) {
                request.answer().complete(e.getMessage());
            }
        }
    }

    private void launched() {
        launched = true;
        state.launched();
        server.publish(state.message());
    }

    @Override
    public void running(RunningTest running) {
        test = running;
        state.steers(running.steersUsers() ? "users" : running.steersArrivalRate() ? "arrivalRate" : null);
        server.publish(state.message());
    }

    @Override
    public Reporter reporter() {
        return reporter;
    }

    @Override
    public Duration lingerAfterRun() {
        return settings.autoquit().orElse(ChronoUnit.FOREVER.getDuration());
    }

    @Override
    public void close() {
        server.close();
        deleteReports();
    }

    private void deleteReports() {
        try (Stream<Path> files = Files.walk(reportFolder)) {
            files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
        } catch (IOException e) {
            LOG.debug("could not delete {}", reportFolder, e);
        }
    }

    @Override
    public String start(JsonNode request) {
        if (launched) {
            return "the test has already started";
        }
        Launch launch;
        try {
            launch = new Launch(integer(request, "users"), decimal(request, "spawnRate"), duration(request, "runTime"),
                    decimal(request, "arrivalRate"), text(request, "host"));
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
        StartRequest start = new StartRequest(launch, new CompletableFuture<>());
        try {
            if (!starts.offer(start, 5, TimeUnit.SECONDS)) {
                return "the test is starting";
            }
            return start.answer().get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        } catch (ExecutionException | TimeoutException e) {
            return "the start did not answer: " + e;
        }
    }

    @Override
    public String steer(JsonNode request) {
        RunningTest running = test;
        if (running == null || state.phase() != DashboardState.Phase.RUNNING) {
            return "the test is not running";
        }
        try {
            Integer users = integer(request, "users");
            Double rate = decimal(request, "arrivalRate");
            if (users != null) {
                running.steerUsers(users);
            } else if (rate != null) {
                running.steerArrivalRate(rate);
            } else {
                return "give users or arrivalRate";
            }
            return null;
        } catch (IllegalArgumentException | IllegalStateException e) {
            return e.getMessage();
        }
    }

    @Override
    public String stop() {
        RunningTest running = test;
        if (running == null || state.phase() != DashboardState.Phase.RUNNING) {
            return "the test is not running";
        }
        state.stopRequested("stopped from the web dashboard");
        running.stop("stopped from the web dashboard");
        return null;
    }

    @Override
    public Optional<Path> report(String name) {
        if (!REPORTS.containsKey(name) || state.phase() != DashboardState.Phase.FINISHED) {
            return Optional.empty();
        }
        return Optional.of(reportFolder.resolve(name)).filter(Files::isRegularFile);
    }

    /** The run's events: into the page's state and stream, Prometheus's meters, and the reports to download. */
    private final class DashboardReporter implements Reporter {

        private final MicrometerReporter meters = new MicrometerReporter(prometheus);

        @Override
        public void onStart(RunStart start) {
            Map<String, String> outputs = new LinkedHashMap<>();
            outputs.put("html", reportFolder.resolve("report.html").toString());
            outputs.put("json", reportFolder.resolve("summary.json").toString());
            outputs.put("csv", reportFolder.resolve("results").toString());
            ReportOptions options = new ReportOptions(outputs, true, true);
            for (ReporterProvider provider : List.of(new HtmlReporterProvider(), new JsonReporterProvider(),
                    new CsvReporterProvider())) {
                downloadReporters.addAll(provider.create(options));
            }
            downloadReporters.forEach(reporter -> reporter.onStart(start));
            state.started(start);
            server.publish(state.message());
        }

        @Override
        public void onInterval(IntervalSnapshot snapshot) {
            meters.onInterval(snapshot);
            downloadReporters.forEach(reporter -> reporter.onInterval(snapshot));
            server.publish(state.interval(snapshot));
        }

        @Override
        public void onFirstError(FirstError error) {
            downloadReporters.forEach(reporter -> reporter.onFirstError(error));
        }

        @Override
        public void onEnd(RunSummary summary) {
            List<String> written = new ArrayList<>();
            for (Reporter reporter : downloadReporters) {
                try {
                    reporter.onEnd(summary);
                } catch (Exception e) {
                    LOG.warn("the dashboard's copy of a report could not be written: {}", e.toString());
                }
            }
            REPORTS.keySet().stream().sorted().filter(name -> Files.isRegularFile(reportFolder.resolve(name)))
                    .forEach(written::add);
            state.finished(summary, written);
            server.publish(state.message());
        }
    }

    private static Integer integer(JsonNode request, String field) {
        JsonNode value = request.get(field);
        if (value == null || value.isNull() || value.asText().isBlank()) {
            return null;
        }
        if (!value.asText().matches("\\d{1,9}")) {
            throw new IllegalArgumentException(field + " must be a whole number, got '" + value.asText() + "'");
        }
        return Integer.parseInt(value.asText());
    }

    private static Double decimal(JsonNode request, String field) {
        JsonNode value = request.get(field);
        if (value == null || value.isNull() || value.asText().isBlank()) {
            return null;
        }
        try {
            double parsed = Double.parseDouble(value.asText());
            if (!Double.isFinite(parsed)) {
                throw new NumberFormatException();
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(field + " must be a number, got '" + value.asText() + "'");
        }
    }

    private static Duration duration(JsonNode request, String field) {
        String value = text(request, field);
        try {
            return value == null ? null : Launch.runTime(value);
        } catch (ConfigurationException e) {
            throw new IllegalArgumentException(field + " must be a duration like 30s, 5m or 1h30m: " + e.getMessage());
        }
    }

    private static String text(JsonNode request, String field) {
        JsonNode value = request.get(field);
        return value == null || value.isNull() || value.asText().isBlank() ? null : value.asText().trim();
    }
}
