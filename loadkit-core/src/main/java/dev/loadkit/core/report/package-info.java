/**
 * The reporter SPI: live reporters receive an {@link dev.loadkit.core.report.IntervalSnapshot} every
 * interval, file reporters the {@link dev.loadkit.core.RunSummary} at the end. Providers are found with
 * {@link java.util.ServiceLoader}; {@code loadkit-report} brings the standard ones. A provider may also open a
 * {@link dev.loadkit.core.report.LiveView}, such as the web dashboard, which the command line drives around the
 * run: it may hold the start for a person's {@link dev.loadkit.core.report.Launch}, steer the running test, and
 * keep the process after the run.
 */
package dev.loadkit.core.report;
