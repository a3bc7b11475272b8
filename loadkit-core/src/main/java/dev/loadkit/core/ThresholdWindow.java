package dev.loadkit.core;

/**
 * How one threshold fared over the run's sliding windows (the last seconds, re-evaluated every interval):
 * where the load broke it first, and how long the system took to come back under the limit once the
 * load dropped. A stress or breakpoint test reads its breaking point and its recovery here.
 *
 * @param expression the threshold as written
 * @param metric the metric it tests
 * @param firstFailedAtSeconds when a window first failed, in seconds from the start, or {@code null} if none did
 * @param usersAtFirstFailure the virtual users running then
 * @param requestRateAtFirstFailure the requests per second over that window
 * @param loadDroppedAtSeconds when, after the first failure, the users first fell below their number at
 *                             the first failure, or {@code null}; a drop in the run's last second is the run
 *                             ending, not a drop the target could recover from, and is {@code null} too
 * @param recoveredAtSeconds the first time after the load dropped that a window passed again, or {@code null}
 * @param recoverySeconds {@code recoveredAtSeconds - loadDroppedAtSeconds}, or {@code null}
 * @param generatorLagging whether the generator itself lagged (its {@code generator_lag} p99 above 10 ms) in the
 *                         window where the threshold first failed: the failure may then be the generator's, not
 *                         the target's
 */
public record ThresholdWindow(String expression, String metric, Double firstFailedAtSeconds, Integer usersAtFirstFailure,
                              Double requestRateAtFirstFailure, Double loadDroppedAtSeconds, Double recoveredAtSeconds,
                              Double recoverySeconds, boolean generatorLagging) {
}
