/**
 * The reporter SPI: live reporters receive an {@link dev.loadkit.core.report.IntervalSnapshot} every
 * interval, file reporters the {@link dev.loadkit.core.RunSummary} at the end. Providers are found with
 * {@link java.util.ServiceLoader}; {@code loadkit-report} brings the standard ones.
 */
package dev.loadkit.core.report;
