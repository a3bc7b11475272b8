package dev.loadkit.core.report;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What is about to run, for reporters that show progress.
 *
 * @param test the test's name
 * @param startedAt the wall-clock start
 * @param plannedDuration how long the workload schedules work, without the graceful stop
 * @param parameters the run's parameters for display (workload, profile, host, ...)
 * @param userClasses the names of the user classes that run
 * @param options what the user asked of the reporters
 */
public record RunStart(String test, Instant startedAt, Duration plannedDuration, Map<String, String> parameters,
                       List<String> userClasses, ReportOptions options) {

    /**
     * Copies the collections.
     *
     * @param test the test's name
     * @param startedAt the start
     * @param plannedDuration the planned duration
     * @param parameters the parameters
     * @param userClasses the user classes
     * @param options the report options
     */
    public RunStart {
        parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
        userClasses = List.copyOf(userClasses);
    }
}
