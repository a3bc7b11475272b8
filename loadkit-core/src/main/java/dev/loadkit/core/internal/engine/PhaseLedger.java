package dev.loadkit.core.internal.engine;

import dev.loadkit.core.PhaseResult;
import dev.loadkit.core.metrics.MetricStats;
import dev.loadkit.core.metrics.MetricsSnapshot;
import dev.loadkit.core.metrics.RequestMetric;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Which requests ran in which phase of a sequence, and for how long each phase's schedule ran. Fed from
 * the reporting thread only: every interval snapshot, and a snapshot taken at each phase boundary.
 */
final class PhaseLedger {

    private final List<PhaseResult> ended = new ArrayList<>();
    private String name;
    private long startNanos;
    private Duration planned;
    private Set<String> requests = new HashSet<>();

    /** Notes the requests of an interval under the phase that is running. */
    void observe(MetricsSnapshot interval) {
        if (name == null) {
            return;
        }
        for (RequestMetric metric : interval.requestMetrics()) {
            for (MetricStats stats : interval.byRequestName(metric.duration().name())) {
                if (stats.count() > 0) {
                    requests.add(stats.name());
                }
            }
        }
    }

    /** Ends the running phase, if any, and starts the next, unless {@code next} is {@code null}. */
    void enter(String next, Duration nextPlanned, long nowNanos) {
        if (name != null) {
            Duration ran = Duration.ofNanos(nowNanos - startNanos);
            ended.add(new PhaseResult(name, ran.compareTo(planned) < 0 ? ran : planned, requests));
        }
        name = next;
        planned = nextPlanned;
        startNanos = nowNanos;
        requests = new HashSet<>();
    }

    /** The phases that ended, in order. */
    List<PhaseResult> results() {
        return List.copyOf(ended);
    }
}
