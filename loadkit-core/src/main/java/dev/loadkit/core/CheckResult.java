package dev.loadkit.core;

/**
 * The outcome of one named check over a run.
 *
 * @param name the check's name
 * @param passes how often it passed
 * @param fails how often it failed
 */
public record CheckResult(String name, long passes, long fails) {
}
