package dev.loadkit.report.prometheus;

import com.sun.net.httpserver.HttpServer;
import dev.loadkit.core.RunSummary;
import dev.loadkit.core.report.IntervalSnapshot;
import dev.loadkit.core.report.Reporter;
import dev.loadkit.core.report.RunStart;
import dev.loadkit.report.internal.Listening;
import dev.loadkit.report.micrometer.MicrometerReporter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Serves the run's metrics in Prometheus's text format at {@code /metrics}, from the run's start to its end,
 * on one thread of its own; the meters are the {@link MicrometerReporter}'s, updated every interval.
 */
final class PrometheusEndpoint implements Reporter, AutoCloseable {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final MicrometerReporter meters = new MicrometerReporter(registry);
    private final HttpServer server;
    private final ExecutorService executor = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "loadkit-prometheus");
        thread.setDaemon(true);
        return thread;
    });

    PrometheusEndpoint(InetSocketAddress address) {
        try {
            server = HttpServer.create(address, 16);
        } catch (IOException e) {
            throw Listening.refused("--prometheus", address, e);
        }
        server.setExecutor(executor);
        server.createContext("/metrics", exchange -> {
            try (exchange) {
                byte[] body = registry.scrape().getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        });
        server.start();
    }

    /** The port it listens on. */
    int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void onStart(RunStart start) {
        if (!start.options().quiet()) {
            String host = server.getAddress().getAddress().getHostAddress();
            System.out.println("loadkit: Prometheus metrics at http://" + (host.contains(":") ? "[" + host + "]" : host)
                    + ":" + port() + "/metrics");
        }
    }

    @Override
    public void onInterval(IntervalSnapshot snapshot) {
        meters.onInterval(snapshot);
    }

    @Override
    public void onEnd(RunSummary summary) {
        close();
    }

    /** Stops serving; also when the run does not start after all. */
    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
