package dev.loadkit.report.html;

import dev.loadkit.core.report.ReportOptions;
import dev.loadkit.core.report.ReportOutput;
import dev.loadkit.core.report.Reporter;
import dev.loadkit.core.report.ReporterProvider;

import java.nio.file.Path;
import java.util.List;

/** Provides the {@code --html FILE} output. */
public final class HtmlReporterProvider implements ReporterProvider {

    /** Creates the provider; {@link java.util.ServiceLoader} calls it. */
    public HtmlReporterProvider() {
    }

    @Override
    public List<ReportOutput> outputs() {
        return List.of(new ReportOutput("html", "FILE",
                "Write the HTML report: one self-contained file with charts, thresholds and errors."));
    }

    @Override
    public List<Reporter> create(ReportOptions options) {
        return options.output("html").<List<Reporter>>map(file -> List.of(new HtmlReporter(Path.of(file)))).orElse(List.of());
    }
}
