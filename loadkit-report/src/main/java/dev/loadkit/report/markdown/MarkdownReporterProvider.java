package dev.loadkit.report.markdown;

import dev.loadkit.core.report.ReportOptions;
import dev.loadkit.core.report.ReportOutput;
import dev.loadkit.core.report.Reporter;
import dev.loadkit.core.report.ReporterProvider;

import java.nio.file.Path;
import java.util.List;

/** Provides the {@code --md FILE} output. */
public final class MarkdownReporterProvider implements ReporterProvider {

    /** Creates the provider; {@link java.util.ServiceLoader} calls it. */
    public MarkdownReporterProvider() {
    }

    @Override
    public List<ReportOutput> outputs() {
        return List.of(new ReportOutput("md", "FILE",
                "Write a Markdown summary (verdict, thresholds, requests, errors) for a pull request or a job summary."));
    }

    @Override
    public List<Reporter> create(ReportOptions options) {
        return options.output("md").<List<Reporter>>map(file -> List.of(new MarkdownReporter(Path.of(file)))).orElse(List.of());
    }
}
