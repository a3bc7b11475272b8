package dev.loadkit.core.internal.engine;

import dev.loadkit.core.RunContext;
import dev.loadkit.core.internal.metrics.MetricRegistry;
import dev.loadkit.core.metrics.BuiltInMetrics;
import dev.loadkit.core.metrics.RateSeries;
import dev.loadkit.core.metrics.Tags;
import dev.loadkit.core.metrics.TrendSeries;
import reactor.core.scheduler.Scheduler;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * What every virtual user of one run shares: the run's context, metrics, clock and timer scheduler, and
 * caches of the series that sessions record into by name (checks, groups), so that a check costs a map
 * read rather than building tags.
 *
 * @param context the run's context
 * @param metrics the run's metrics
 * @param clock the run's clock in nanoseconds
 * @param scheduler the run's timer scheduler
 * @param seed the seed of the virtual users' random numbers
 * @param checks the {@code checks} series by check name
 * @param groups the {@code group_duration} series by group path
 */
record RunScope(RunContext context, MetricRegistry metrics, LongSupplier clock, Scheduler scheduler, long seed,
                Map<String, RateSeries> checks, Map<String, TrendSeries> groups) {

    RunScope(RunContext context, MetricRegistry metrics, LongSupplier clock, Scheduler scheduler, long seed) {
        this(context, metrics, clock, scheduler, seed, new ConcurrentHashMap<>(), new ConcurrentHashMap<>());
    }

    RateSeries check(String name) {
        RateSeries series = checks.get(name);
        return series != null ? series : checks.computeIfAbsent(name,
                n -> metrics.rate(BuiltInMetrics.CHECKS, Tags.of(BuiltInMetrics.CHECK_TAG, n)));
    }

    TrendSeries group(String path) {
        TrendSeries series = groups.get(path);
        return series != null ? series : groups.computeIfAbsent(path,
                p -> metrics.trend(BuiltInMetrics.GROUP_DURATION, Tags.of(BuiltInMetrics.GROUP_TAG, p)));
    }
}
