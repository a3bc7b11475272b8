package dev.loadkit.core;

import dev.loadkit.core.metrics.Metric;
import reactor.core.publisher.Mono;

import java.util.List;
import java.util.Optional;

/**
 * A driver's configuration as a test uses it, like Gatling's protocols: it names the metrics the driver
 * records, so that thresholds on them are checked at the start, and it releases the driver's resources
 * (connection pools, event loops) when the run ends.
 */
public interface Protocol {

    /**
     * The metrics this driver records.
     *
     * @return the definitions
     */
    List<Metric> metrics();

    /**
     * Where this driver sends traffic when the run has no {@code --host}, such as its base URL, for the
     * header of reports. A {@code --host} overrides it.
     *
     * @return the target, if the code set one
     */
    default Optional<String> target() {
        return Optional.empty();
    }

    /**
     * Where this driver sends traffic in a run, for the header of reports: by default the run's
     * {@code --host}, else {@link #target()}. A driver that takes only some hosts (by their scheme) or reads
     * its target from a run variable says so here, so that the header shows where traffic really goes.
     *
     * @param run the run's context
     * @return the target, if known
     */
    default Optional<String> target(RunContext run) {
        return run.host().or(this::target);
    }

    /**
     * What the run's reports must warn about this driver's setup, such as certificates it does not verify,
     * so that nobody reads a run's numbers without knowing it.
     *
     * @return the warnings, one sentence each; none by default
     */
    default List<String> warnings() {
        return List.of();
    }

    /**
     * Gets ready before the measured schedule starts: resolves the target's name, opens a first connection
     * and loads the driver's classes, so that a cold start is not counted as the target's latency. It
     * sends no request. A failure is reported as a warning, and the run goes on.
     *
     * @param run the run's context, with its {@code --host}
     * @return completes when ready
     */
    default Mono<Void> prepare(RunContext run) {
        return Mono.empty();
    }

    /**
     * Releases the driver's resources at the end of a run.
     *
     * @return completes when released
     */
    default Mono<Void> close() {
        return Mono.empty();
    }
}
