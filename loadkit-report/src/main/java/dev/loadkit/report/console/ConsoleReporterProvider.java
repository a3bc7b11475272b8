package dev.loadkit.report.console;

import dev.loadkit.core.report.ReportOptions;
import dev.loadkit.core.report.ReportOutput;
import dev.loadkit.core.report.Reporter;
import dev.loadkit.core.report.ReporterProvider;

import java.util.List;

/** Provides the console reporter, which every run has. */
public final class ConsoleReporterProvider implements ReporterProvider {

    /** Creates the provider; {@link java.util.ServiceLoader} calls it. */
    public ConsoleReporterProvider() {
    }

    @Override
    public List<ReportOutput> outputs() {
        return List.of();
    }

    @Override
    public List<Reporter> create(ReportOptions options) {
        return List.of(new ConsoleReporter(System.out, System.console() != null, options.quiet()));
    }
}
