package dev.loadkit.core.internal.metrics;

import dev.loadkit.core.metrics.CounterSeries;
import dev.loadkit.core.metrics.ErrorCount;
import dev.loadkit.core.metrics.GaugeSeries;
import dev.loadkit.core.metrics.Metric;
import dev.loadkit.core.metrics.MetricStats;
import dev.loadkit.core.metrics.MetricType;
import dev.loadkit.core.metrics.Metrics;
import dev.loadkit.core.metrics.MetricsSnapshot;
import dev.loadkit.core.metrics.RateSeries;
import dev.loadkit.core.metrics.RequestMetric;
import dev.loadkit.core.metrics.RequestSeries;
import dev.loadkit.core.metrics.Tags;
import dev.loadkit.core.metrics.TrendSeries;
import dev.loadkit.core.report.FirstError;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The metrics of one run. Series are found in two hash maps keyed by prebuilt objects, so a lookup
 * allocates nothing once the series exists; creation, which allocates, happens once per series.
 */
public final class MetricRegistry implements Metrics {

    /** Distinct error keys kept; past this, new messages are folded into one entry per name and kind. */
    private static final int MAX_ERROR_KEYS = 1000;

    private final LongSupplier clock;
    private final Map<String, Metric> defined = new ConcurrentHashMap<>();
    private final Map<Metric, RequestMetric> requestMetrics = new ConcurrentHashMap<>();
    private final Map<Metric, Map<Tags, SeriesRecorder>> series = new ConcurrentHashMap<>();
    /** Creation order, so that reports list series as they first appeared. */
    private final List<SeriesRecorder> ordered = new CopyOnWriteArrayList<>();
    private final Map<ErrorCount, LongAdder> errors = new ConcurrentHashMap<>();
    private final Consumer<FirstError> firstErrors;
    private final Set<String> kindsSeen = ConcurrentHashMap.newKeySet();

    /**
     * Creates an empty registry.
     *
     * @param clock the run's clock in nanoseconds
     */
    public MetricRegistry(LongSupplier clock) {
        this(clock, null);
    }

    /**
     * Creates an empty registry that hands on the first error of each kind, on the thread that recorded it.
     *
     * @param clock the run's clock in nanoseconds
     * @param firstErrors given the first error of each kind, or {@code null}
     */
    public MetricRegistry(LongSupplier clock, Consumer<FirstError> firstErrors) {
        this.clock = clock;
        this.firstErrors = firstErrors;
    }

    /**
     * Defines a metric, so that thresholds may name it before it has samples.
     *
     * @param metric the definition
     */
    public void define(Metric metric) {
        Metric previous = defined.putIfAbsent(metric.name(), metric);
        if (previous != null && !previous.equals(metric)) {
            throw new IllegalArgumentException("metric " + metric.name() + " is defined twice, as "
                    + previous.type() + " and as " + metric.type());
        }
    }

    /**
     * Defines the three metrics of a request metric.
     *
     * @param metric the request metric
     */
    public void define(RequestMetric metric) {
        metric.metrics().forEach(this::define);
        requestMetrics.put(metric.duration(), metric);
    }

    /**
     * The metrics defined so far.
     *
     * @return the definitions
     */
    public Collection<Metric> defined() {
        return List.copyOf(defined.values());
    }

    @Override
    public RequestSeries request(RequestMetric metric, Tags tags) {
        Map<Tags, SeriesRecorder> byTags = series.get(metric.duration());
        SeriesRecorder existing = byTags == null ? null : byTags.get(tags);
        if (existing instanceof TrendRecorder recorder) {
            return recorder;
        }
        define(metric);
        return (TrendRecorder) seriesFor(metric.duration(), tags, (m, t) -> new TrendRecorder(m, metric, t));
    }

    @Override
    public TrendSeries trend(Metric metric, Tags tags) {
        return (TrendSeries) lookup(metric, MetricType.TREND, tags,
                (m, t) -> new TrendRecorder(m, requestMetrics.get(m), t));
    }

    @Override
    public CounterSeries counter(Metric metric, Tags tags) {
        return (CounterSeries) lookup(metric, MetricType.COUNTER, tags, CounterRecorder::new);
    }

    @Override
    public RateSeries rate(Metric metric, Tags tags) {
        return (RateSeries) lookup(metric, MetricType.RATE, tags, RateRecorder::new);
    }

    @Override
    public GaugeSeries gauge(Metric metric, Tags tags) {
        return (GaugeSeries) lookup(metric, MetricType.GAUGE, tags, GaugeRecorder::new);
    }

    private SeriesRecorder lookup(Metric metric, MetricType type, Tags tags,
                                  BiFunction<Metric, Tags, SeriesRecorder> factory) {
        Map<Tags, SeriesRecorder> byTags = series.get(metric);
        SeriesRecorder existing = byTags == null ? null : byTags.get(tags);
        if (existing != null) {
            return existing;
        }
        if (metric.type() != type) {
            throw new IllegalArgumentException("metric " + metric.name() + " is a " + metric.type()
                    + ", not a " + type);
        }
        define(metric);
        return seriesFor(metric, tags, factory);
    }

    private SeriesRecorder seriesFor(Metric metric, Tags tags, BiFunction<Metric, Tags, SeriesRecorder> factory) {
        return series.computeIfAbsent(metric, m -> new ConcurrentHashMap<>())
                .computeIfAbsent(tags, t -> {
                    SeriesRecorder created = factory.apply(metric, t);
                    ordered.add(created);
                    return created;
                });
    }

    @Override
    public void error(String name, String kind, String message) {
        error(name, kind, message, null);
    }

    @Override
    public void error(String name, String kind, String message, Throwable cause) {
        if (firstErrors != null && kindsSeen.add(kind)) {
            firstErrors.accept(new FirstError(name, kind, message, cause));
        }
        ErrorCount key = new ErrorCount(name, kind, message, 0);
        LongAdder count = errors.get(key);
        if (count == null) {
            if (errors.size() >= MAX_ERROR_KEYS) {
                key = new ErrorCount(name, kind, "(more distinct messages than a report can list)", 0);
            }
            count = errors.computeIfAbsent(key, k -> new LongAdder());
        }
        count.increment();
    }

    @Override
    public long nanoTime() {
        return clock.getAsLong();
    }

    /**
     * Moves everything recorded since the last call into the cumulative totals. Only the reporting tick
     * calls it, and the end of the run, once.
     *
     * @param window the interval's length
     * @return the interval's metrics
     */
    public synchronized MetricsSnapshot takeInterval(Duration window) {
        List<MetricStats> stats = new ArrayList<>();
        for (SeriesRecorder recorder : ordered) {
            stats.addAll(recorder.takeInterval(window));
        }
        return new MetricsSnapshot(window, defined(), List.copyOf(requestMetrics.values()), stats);
    }

    /**
     * The totals of all intervals taken.
     *
     * @param window the run's length so far
     * @return the cumulative metrics
     */
    public synchronized MetricsSnapshot cumulative(Duration window) {
        List<MetricStats> stats = new ArrayList<>();
        for (SeriesRecorder recorder : ordered) {
            stats.addAll(recorder.cumulative(window));
        }
        return new MetricsSnapshot(window, defined(), List.copyOf(requestMetrics.values()), stats);
    }

    /**
     * The errors counted so far, most frequent first.
     *
     * @return one entry per name, kind and message
     */
    public List<ErrorCount> errors() {
        Map<ErrorCount, Long> counts = new LinkedHashMap<>();
        errors.forEach((key, count) -> counts.put(key, count.sum()));
        return counts.entrySet().stream()
                .map(entry -> new ErrorCount(entry.getKey().name(), entry.getKey().kind(),
                        entry.getKey().message(), entry.getValue()))
                .sorted(Comparator.comparingLong(ErrorCount::count).reversed()
                        .thenComparing(ErrorCount::name).thenComparing(ErrorCount::kind))
                .toList();
    }
}
