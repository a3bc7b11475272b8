package dev.loadkit.report.influxdb;

import dev.loadkit.core.ConfigurationException;
import dev.loadkit.core.RunSummary;
import dev.loadkit.core.metrics.MetricStats;
import dev.loadkit.core.report.IntervalSnapshot;
import dev.loadkit.core.report.Reporter;
import dev.loadkit.core.report.RunStart;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Streams every interval's metrics to InfluxDB 1.x in its line protocol ({@link LineProtocol}), one write per
 * interval, sent without blocking the reporting thread. Writes go one after another; while the server is more
 * than {@value #MAX_PENDING} writes behind, new intervals are dropped and counted. At the end of the run
 * it waits for the last writes; when any failed, the output counts as not written, with the first reason.
 */
final class InfluxDbReporter implements Reporter {

    /**
     * Where the points go.
     *
     * @param server the server's base URL, like {@code http://127.0.0.1:8086}
     * @param database the database
     */
    record Target(URI server, String database) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(InfluxDbReporter.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final int MAX_PENDING = 60;

    private final Target target;
    private final HttpClient client;
    private final AtomicLong pending = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong written = new AtomicLong();
    private final AtomicReference<String> firstFailure = new AtomicReference<>();
    private CompletableFuture<Void> writes = CompletableFuture.completedFuture(null);
    private Instant startedAt;

    private InfluxDbReporter(Target target, HttpClient client) {
        this.target = target;
        this.client = client;
    }

    /**
     * Checks that the server answers and creates the database when missing, before any load.
     *
     * @param target where the points go
     * @return the reporter
     * @throws ConfigurationException when the server cannot be reached or refuses
     */
    static InfluxDbReporter connect(Target target) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        String where = "--out influxdb=" + target.server() + ",db=" + target.database();
        HttpRequest create = HttpRequest.newBuilder(target.server().resolve("/query"))
                .timeout(TIMEOUT)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("q=" + URLEncoder.encode(
                        "CREATE DATABASE \"" + target.database() + "\"", StandardCharsets.UTF_8)))
                .build();
        try {
            HttpResponse<String> response = client.send(create, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new ConfigurationException(where + ": InfluxDB answered " + response.statusCode() + " "
                        + response.body().strip() + "; check the URL and the server's rights");
            }
        } catch (IOException e) {
            throw new ConfigurationException(where + ": cannot reach InfluxDB (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + "); start it or fix the URL");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConfigurationException(where + ": interrupted while reaching InfluxDB");
        }
        return new InfluxDbReporter(target, client);
    }

    @Override
    public void onStart(RunStart start) {
        startedAt = start.startedAt();
    }

    @Override
    public void onInterval(IntervalSnapshot snapshot) {
        long timestamp = startedAt.plus(snapshot.elapsed()).toEpochMilli();
        StringBuilder lines = new StringBuilder();
        for (MetricStats stats : snapshot.metrics().series()) {
            LineProtocol.append(lines, stats, timestamp);
        }
        send(lines.toString());
    }

    private void send(String lines) {
        if (pending.incrementAndGet() > MAX_PENDING) {
            pending.decrementAndGet();
            dropped.incrementAndGet();
            return;
        }
        HttpRequest write = HttpRequest.newBuilder(target.server().resolve("/write?precision=ms&db="
                        + URLEncoder.encode(target.database(), StandardCharsets.UTF_8)))
                .timeout(TIMEOUT)
                .POST(HttpRequest.BodyPublishers.ofString(lines))
                .build();
        writes = writes.thenCompose(ignored -> client.sendAsync(write, HttpResponse.BodyHandlers.ofString())
                .handle((response, error) -> {
                    pending.decrementAndGet();
                    if (error != null) {
                        fail("cannot reach InfluxDB: " + error.getCause());
                    } else if (response.statusCode() / 100 != 2) {
                        fail("InfluxDB answered " + response.statusCode() + " " + response.body().strip());
                    } else {
                        written.incrementAndGet();
                    }
                    return null;
                }));
    }

    private void fail(String reason) {
        if (firstFailure.compareAndSet(null, reason)) {
            LOG.warn("InfluxDB output ({}, database {}): {}", target.server(), target.database(), reason);
        }
    }

    @Override
    public void onEnd(RunSummary summary) throws Exception {
        try {
            writes.get(TIMEOUT.toSeconds() * 2, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new IOException("the last writes to InfluxDB did not finish in " + TIMEOUT.toSeconds() * 2 + " s");
        }
        if (firstFailure.get() != null) {
            throw new IOException(firstFailure.get());
        }
        if (dropped.get() > 0) {
            throw new IOException(dropped.get() + " intervals were dropped: InfluxDB could not keep up");
        }
    }

    @Override
    public Optional<String> output() {
        return Optional.of("influxdb");
    }
}
