package dev.loadkit.core;

import dev.loadkit.core.metrics.Metric;
import reactor.core.publisher.Mono;

import java.util.List;

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
     * Releases the driver's resources at the end of a run.
     *
     * @return completes when released
     */
    default Mono<Void> close() {
        return Mono.empty();
    }
}
