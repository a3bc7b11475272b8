package dev.loadkit.report.junit;

import dev.loadkit.core.report.ReportOptions;
import dev.loadkit.core.report.ReportOutput;
import dev.loadkit.core.report.Reporter;
import dev.loadkit.core.report.ReporterProvider;

import java.nio.file.Path;
import java.util.List;

/** Provides the {@code --junit FILE} output. */
public final class JUnitReporterProvider implements ReporterProvider {

    /** Creates the provider; {@link java.util.ServiceLoader} calls it. */
    public JUnitReporterProvider() {
    }

    @Override
    public List<ReportOutput> outputs() {
        return List.of(new ReportOutput("junit", "FILE",
                "Write JUnit XML for CI: a test case per threshold and one for the run."));
    }

    @Override
    public List<Reporter> create(ReportOptions options) {
        return options.output("junit").<List<Reporter>>map(file -> List.of(new JUnitReporter(Path.of(file)))).orElse(List.of());
    }
}
