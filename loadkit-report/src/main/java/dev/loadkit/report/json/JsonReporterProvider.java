package dev.loadkit.report.json;

import dev.loadkit.core.report.ReportOptions;
import dev.loadkit.core.report.ReportOutput;
import dev.loadkit.core.report.Reporter;
import dev.loadkit.core.report.ReporterProvider;

import java.nio.file.Path;
import java.util.List;

/** Provides the {@code --json FILE} output. */
public final class JsonReporterProvider implements ReporterProvider {

    /** Creates the provider; {@link java.util.ServiceLoader} calls it. */
    public JsonReporterProvider() {
    }

    @Override
    public List<ReportOutput> outputs() {
        return List.of(new ReportOutput("json", "FILE",
                "Write the JSON summary: every metric, threshold and error, for scripts and 'compare'."));
    }

    @Override
    public List<Reporter> create(ReportOptions options) {
        return options.output("json").<List<Reporter>>map(file -> List.of(new JsonSummaryReporter(Path.of(file))))
                .orElse(List.of());
    }
}
