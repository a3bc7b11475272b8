package dev.loadkit.bench;

import dev.loadkit.core.ConfigurationException;
import dev.loadkit.core.LoadTest;
import dev.loadkit.core.Subcommand;
import dev.loadkit.core.Task;
import dev.loadkit.core.UserClass;
import dev.loadkit.core.Workload;
import dev.loadkit.core.internal.parse.DurationSyntax;
import dev.loadkit.http.Body;
import dev.loadkit.http.Http;
import dev.loadkit.http.HttpMetrics;
import dev.loadkit.http.HttpRequest;
import dev.loadkit.http.HttpVersion;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code loadkit-bench.jar http URL}: one URL under load, for quick checks and for comparing with wrk,
 * hey and vegeta. A closed model by default ({@code -c} users looping, each on its own connection), an
 * open one with {@code --rate} (latency from each request's intended start; {@code -c} is then the most
 * requests in flight, beyond which requests are dropped and counted).
 */
@Command(name = "loadkit-bench http", sortOptions = false, usageHelpAutoWidth = true,
        description = "Loads one URL and prints a wrk-like summary.",
        footer = {"", QuickRun.EXIT_CODES})
public final class HttpQuickRunner implements Subcommand {

    /** Creates the command; {@link java.util.ServiceLoader} calls it. */
    public HttpQuickRunner() {
    }

    @Parameters(index = "0", paramLabel = "URL", description = "The URL, http:// or https://.")
    String url;

    @Option(names = "-d", paramLabel = "DURATION", description = "How long, like 10s or 1m. Default 10s.")
    String duration = "10s";

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

    @Mixin
    QuickRun.LoadOptions load = new QuickRun.LoadOptions();

    @Override
    public String name() {
        return "http";
    }

    @Override
    public String description() {
        return "Loads one URL as wrk does: http URL [-c N] [-d DURATION] [--rate R] ...; http --help for the options";
    }

    @Override
    public int run(String[] args, PrintStream out, PrintStream err) {
        return QuickRun.execute("http", this, runner -> runner.run(out), args, out, err);
    }

    private int run(PrintStream out) {
        URI target;
        try {
            target = new URI(url);
        } catch (URISyntaxException e) {
            throw new ConfigurationException("URL " + url + " is not a URL: " + e.getReason());
        }
        if (!"http".equals(target.getScheme()) && !"https".equals(target.getScheme())) {
            throw new ConfigurationException("URL " + url + " must start with http:// or https://");
        }
        if (target.getHost() == null) {
            throw new ConfigurationException("URL " + url + " has no host; give one like http://127.0.0.1:8080/");
        }
        if (!method.matches("[A-Za-z]+")) {
            throw new ConfigurationException("-m " + method + ": a method is letters only, like GET or POST");
        }
        Workload workload = load.workload(DurationSyntax.parse(duration));
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
        // No secret reaches a report: the URL's user information and its query's values are not shown.
        String shown = HttpRequest.withoutQueryValues(target.getScheme() + "://" + (target.getRawUserInfo() == null ? "" : "***@")
                + target.getRawAuthority().substring(target.getRawAuthority().indexOf('@') + 1)
                + (target.getRawPath() == null ? "" : target.getRawPath())
                + (target.getRawQuery() == null ? "" : "?" + target.getRawQuery()));
        LoadTest test = LoadTest.named("http " + shown)
                .users(UserClass.named("client").task(Task.of("request", load::run)).build())
                .protocol(http)
                .workload(workload)
                .gracefulStop(Duration.ofSeconds(5))
                .build();
        return QuickRun.run(test, this.load, duration, shown, HttpMetrics.REQUESTS, out);
    }

    private static byte[] readBody(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new ConfigurationException("cannot read body file " + file + ": " + e.getMessage());
        }
    }
}
