package dev.loadkit.core;

import java.time.Duration;
import java.util.Set;

/**
 * One phase of a {@link Workload#sequence} as it ran: its name, the time its schedule ran (without the
 * drain after it), and the requests that ran in it. A request's rate in the summary divides by the spans
 * of the phases it ran in, not by the whole run.
 *
 * @param name the phase's name
 * @param span the time its schedule ran
 * @param requests the names of the requests recorded during the phase
 */
public record PhaseResult(String name, Duration span, Set<String> requests) {

    /**
     * Copies the request names.
     *
     * @param name the phase's name
     * @param span the time its schedule ran
     * @param requests the request names
     */
    public PhaseResult {
        requests = Set.copyOf(requests);
    }
}
