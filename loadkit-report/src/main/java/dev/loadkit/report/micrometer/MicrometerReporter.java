package dev.loadkit.report.micrometer;

import dev.loadkit.core.metrics.MetricStats;
import dev.loadkit.core.metrics.MetricType;
import dev.loadkit.core.metrics.MetricUnit;
import dev.loadkit.core.report.IntervalSnapshot;
import dev.loadkit.core.report.Reporter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Publishes a run's metrics live to a Micrometer {@link MeterRegistry}, such as Prometheus's: every
 * interval, counters grow by the interval's counts, and gauges show the interval's rates, current values
 * and latency percentiles. Names carry the prefix {@code loadkit}, so that in Prometheus they read
 * {@code loadkit_http_reqs_total}, {@code loadkit_http_req_duration_seconds{percentile="0.95"}},
 * {@code loadkit_http_req_failed}, {@code loadkit_vus}. Percentiles are HdrHistogram's, computed by
 * loadkit over the interval, so they are gauges labelled {@code percentile} (Prometheus reserves
 * {@code quantile} for its own summaries).
 *
 * <pre>{@code
 * PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
 * test.execute(RunOptions.builder().reporter(new MicrometerReporter(prometheus)).build());
 * }</pre>
 */
public final class MicrometerReporter implements Reporter {

    private static final Logger LOG = LoggerFactory.getLogger(MicrometerReporter.class);
    private static final String PREFIX = "loadkit.";
    private static final double[] QUANTILES = {0.5, 0.9, 0.95, 0.99, 0.999};

    private final MeterRegistry registry;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    /** Gauge values as raw double bits, so that the registry reads them from any thread. */
    private final Map<String, AtomicLong> gauges = new ConcurrentHashMap<>();
    private final Set<String> refused = ConcurrentHashMap.newKeySet();

    /**
     * Creates a reporter.
     *
     * @param registry where the meters go
     */
    public MicrometerReporter(MeterRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    @Override
    public void onInterval(IntervalSnapshot snapshot) {
        for (MetricStats stats : snapshot.metrics().series()) {
            try {
                publish(stats);
            } catch (IllegalArgumentException e) {
                // Prometheus wants one set of tag keys per name; a series with other keys (say, a request
                // inside a group) is left out, once, rather than failing the others.
                if (refused.add(stats.metric().name() + stats.tags().asMap().keySet())) {
                    LOG.warn("{} {} is not published: {}", stats.metric().name(), stats.tags(), e.getMessage());
                }
            }
        }
    }

    private void publish(MetricStats stats) {
        List<Tag> tags = new ArrayList<>();
        stats.tags().asMap().forEach((key, value) -> tags.add(Tag.of(key, value)));
        String name = PREFIX + stats.metric().name();
        MetricType type = stats.metric().type();
        switch (type) {
            case COUNTER -> counter(name, tags, stats.metric().unit()).increment(stats.count());
            case RATE -> {
                // An interval without samples says nothing of the share: the gauge keeps the last one seen,
                // rather than showing 0 (every check failing) for a check that did not run.
                if (stats.count() > 0) {
                    gauge(name, tags, null, "loadkit rate " + stats.metric().name()
                            + ": the share of true samples over the last interval with samples")
                            .set(Double.doubleToLongBits(stats.rate()));
                }
            }
            case GAUGE -> gauge(name, tags, null, "loadkit gauge " + stats.metric().name())
                    .set(Double.doubleToLongBits(stats.value()));
            case TREND -> trend(name, tags, stats);
        }
    }

    private void trend(String name, List<Tag> tags, MetricStats stats) {
        if (stats.distribution().count() == 0) {
            return;
        }
        boolean time = stats.metric().unit() == MetricUnit.TIME;
        for (double quantile : QUANTILES) {
            List<Tag> withQuantile = new ArrayList<>(tags);
            withQuantile.add(Tag.of("percentile", Double.toString(quantile)));
            double value = stats.distribution().percentile(quantile * 100);
            gauge(name, withQuantile, time ? "seconds" : null, "loadkit trend " + stats.metric().name()
                    + ": a percentile over the last interval")
                    .set(Double.doubleToLongBits(time ? value / 1000 : value));
        }
    }

    private Counter counter(String name, List<Tag> tags, MetricUnit unit) {
        return counters.computeIfAbsent(name + tags, key -> Counter.builder(name).tags(tags)
                .description("loadkit counter " + name.substring(PREFIX.length()))
                .baseUnit(unit == MetricUnit.BYTES ? "bytes" : null).register(registry));
    }

    private AtomicLong gauge(String name, List<Tag> tags, String baseUnit, String description) {
        return gauges.computeIfAbsent(name + tags, key -> {
            AtomicLong bits = new AtomicLong(Double.doubleToLongBits(0));
            Gauge.builder(name, bits, value -> Double.longBitsToDouble(value.get())).tags(tags).baseUnit(baseUnit)
                    .description(description)
                    .register(registry);
            return bits;
        });
    }
}
