package dev.loadkit.bench;

import dev.loadkit.core.ConfigurationException;
import dev.loadkit.core.ExitCode;
import dev.loadkit.core.LoadTest;
import dev.loadkit.core.RunOptions;
import dev.loadkit.core.RunSummary;
import dev.loadkit.core.Task;
import dev.loadkit.core.UserClass;
import dev.loadkit.core.Workload;
import dev.loadkit.core.internal.parse.DurationSyntax;
import dev.loadkit.core.metrics.Distribution;
import dev.loadkit.core.metrics.ErrorCount;
import dev.loadkit.core.report.ReportOptions;
import dev.loadkit.http.Body;
import dev.loadkit.http.Http;
import dev.loadkit.http.HttpRequest;
import dev.loadkit.http.HttpVersion;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code loadkit-bench.jar http URL}: one URL under load, for quick checks and for comparing with wrk,
 * hey and vegeta. A closed model by default ({@code -c} users looping, each on its own connection), an
 * open one with {@code --rate} (latency from each request's intended start; {@code -c} is then the most
 * requests in flight, beyond which requests are dropped and counted).
 */
@Command(name = "loadkit-bench http", sortOptions = false, usageHelpAutoWidth = true,
        description = "Loads one URL and prints a wrk-like summary.",
        footer = {"", "Exit codes: 0 done; 1 when no request was made or more than half of the requests failed"
                + " (timed out, refused, cut by the end of the run, or an error status); 2 a usage error; 3 interrupted."})
final class HttpQuickRunner {

    @Parameters(index = "0", paramLabel = "URL", description = "The URL, http:// or https://.")
    String url;

    @Option(names = "-c", paramLabel = "CONNECTIONS", description = "Connections (users); with --rate, the most requests in flight. Default 10.")
    int connections = 10;

    @Option(names = "-d", paramLabel = "DURATION", description = "How long, like 10s or 1m. Default 10s.")
    String duration = "10s";

    @Option(names = "--rate", paramLabel = "R", description = "Requests per second, started on schedule (open model).")
    Double rate;

    @Option(names = "-m", paramLabel = "METHOD", description = "The method. Default GET.")
    String method = "GET";

    @Option(names = "-H", paramLabel = "'Name: value'", description = "A header; repeatable.")
    List<String> headers = new ArrayList<>();

    @Option(names = "--body", paramLabel = "FILE", description = "The request body, from a file.")
    Path body;

    @Option(names = "--http2", description = "HTTP/2: negotiated by ALPN for https, h2c for http.")
    boolean http2;

    @Option(names = "--insecure", description = "Do not verify TLS certificates.")
    boolean insecure;

    @Option(names = "--timeout", paramLabel = "DURATION",
            description = "The deadline of each whole response, to its last byte. Default 10s.")
    String timeout = "10s";

    @Option(names = "--warm-up", paramLabel = "DURATION",
            description = "A run before the measured one, not reported, so that the JIT has compiled the hot paths. Default 5s; 0 to skip.")
    String warmUp = "5s";

    @Option(names = "--json", paramLabel = "FILE", description = "Write the JSON summary.")
    String json;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    /**
     * Runs the command.
     *
     * @param args the arguments after {@code http}
     * @param out standard output
     * @param err standard error
     * @return the exit code
     */
    static int execute(String[] args, PrintStream out, PrintStream err) {
        HttpQuickRunner command = new HttpQuickRunner();
        CommandLine commandLine = new CommandLine(command);
        try {
            commandLine.parseArgs(args);
            if (commandLine.isUsageHelpRequested()) {
                commandLine.usage(out);
                return ExitCode.PASSED;
            }
            return command.run(out);
        } catch (CommandLine.ParameterException e) {
            err.println("error: " + e.getMessage());
            err.println("Run 'loadkit-bench http --help' for the options.");
            return ExitCode.USAGE_ERROR;
        } catch (ConfigurationException | IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            return ExitCode.USAGE_ERROR;
        }
    }

    private int run(PrintStream out) {
        URI target = URI.create(url);
        if (!"http".equals(target.getScheme()) && !"https".equals(target.getScheme())) {
            throw new ConfigurationException("URL " + url + " must start with http:// or https://");
        }
        if (connections < 1) {
            throw new ConfigurationException("-c must be at least 1, got " + connections);
        }
        Duration length = DurationSyntax.parse(duration);
        Http.Builder protocol = Http.builder()
                .responseTimeout(DurationSyntax.parse(timeout))
                .connectionsPerUser(1)
                .followRedirects(0);
        if (http2) {
            protocol.version("https".equals(target.getScheme()) ? HttpVersion.HTTP_2 : HttpVersion.H2C);
        }
        if (insecure) {
            protocol.trustAllCertificates();
        }
        Http http = protocol.build();
        HttpRequest request = http.request(method, url).name(method + " " + target.getPath()).discardBody();
        for (String header : headers) {
            int colon = header.indexOf(':');
            if (colon < 1) {
                throw new ConfigurationException("header '" + header + "' must be 'Name: value'");
            }
            request = request.header(header.substring(0, colon).trim(), header.substring(colon + 1).trim());
        }
        if (body != null) {
            request = request.body(Body.bytes(readBody(body), "application/octet-stream"));
        }
        HttpRequest load = request;
        Workload workload = rate == null ? Workload.constantUsers(connections, length)
                : Workload.constantArrivalRate(rate, length, connections);
        LoadTest test = test(url, http, load, workload);
        Duration warming = DurationSyntax.parse(warmUp);
        if (!warming.isZero()) {
            out.printf("  warming up for %s (not measured)%n", warmUp);
        }
        RunOptions.Builder options = RunOptions.builder().warmUp(warming)
                .reports(new ReportOptions(json == null ? Map.of() : Map.of("json", json), true, true));
        out.printf("Running %s test @ %s%n  %s%n", duration, url, rate == null
                ? connections + " connections (closed model: each waits for its response)"
                : String.format(Locale.ROOT, "%.0f requests/s on schedule (open model), at most %d in flight", rate, connections));
        RunSummary summary = test.start(options.stopOnInterruptSignals().build()).await();
        print(summary, out);
        if (summary.aborted()) {
            return ExitCode.ABORTED;
        }
        long requests = summary.metric("http_reqs").count();
        return requests == 0 || summary.metric("http_req_failed").trues() * 2 > requests ? ExitCode.THRESHOLD_FAILED : ExitCode.PASSED;
    }

    private static LoadTest test(String url, Http http, HttpRequest request, Workload workload) {
        return LoadTest.named("http " + url)
                .users(UserClass.named("client").task(Task.of("request", request::run)).build())
                .protocol(http)
                .workload(workload)
                .gracefulStop(Duration.ofSeconds(5))
                .build();
    }

    private static byte[] readBody(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new ConfigurationException("cannot read body file " + file + ": " + e.getMessage());
        }
    }

    private static void print(RunSummary summary, PrintStream out) {
        Distribution latency = summary.metric("http_req_duration").distribution();
        long requests = summary.metric("http_reqs").count();
        double seconds = summary.metrics().window().toNanos() / 1e9;
        out.println("  Latency, from each request's intended start:");
        out.printf(Locale.ROOT, "    p50 %s   p90 %s   p99 %s   p99.9 %s   max %s%n", millis(latency.percentile(50)),
                millis(latency.percentile(90)), millis(latency.percentile(99)), millis(latency.percentile(99.9)),
                millis(latency.max()));
        out.printf(Locale.ROOT, "  %d requests in %.2fs, %s read%n", requests, seconds,
                bytes(summary.metric("data_received").count()));
        long dropped = summary.metric("dropped_iterations").count();
        if (dropped > 0) {
            out.printf("  %d requests dropped: all %s allowed in flight were busy%n", dropped, "connections");
        }
        long failed = summary.metric("http_req_failed").trues();
        if (failed > 0) {
            out.printf("  %d failed requests:%n", failed);
            for (ErrorCount error : summary.errors()) {
                out.printf("    %d %s (%s)%n", error.count(), error.kind(), error.message());
            }
        }
        for (String warning : summary.warnings()) {
            out.println("  WARNING: " + warning);
        }
        out.printf(Locale.ROOT, "Requests/sec: %.2f%n", requests / seconds);
    }

    private static String millis(double value) {
        return value >= 100 ? String.format(Locale.ROOT, "%.0fms", value) : String.format(Locale.ROOT, "%.2fms", value);
    }

    private static String bytes(long count) {
        if (count >= 1 << 20) {
            return String.format(Locale.ROOT, "%.2fMB", count / (double) (1 << 20));
        }
        return String.format(Locale.ROOT, "%.2fKB", count / 1024.0);
    }
}
