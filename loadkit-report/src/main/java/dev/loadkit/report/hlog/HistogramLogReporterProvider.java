package dev.loadkit.report.hlog;

import dev.loadkit.core.report.ReportOptions;
import dev.loadkit.core.report.ReportOutput;
import dev.loadkit.core.report.Reporter;
import dev.loadkit.core.report.ReporterProvider;

import java.nio.file.Path;
import java.util.List;

/** Provides the {@code --hlog FILE} output. */
public final class HistogramLogReporterProvider implements ReporterProvider {

    /** Creates the provider; {@link java.util.ServiceLoader} calls it. */
    public HistogramLogReporterProvider() {
    }

    @Override
    public List<ReportOutput> outputs() {
        return List.of(new ReportOutput("hlog", "FILE",
                "Write an HdrHistogram interval log of every latency metric, for HdrHistogram's tools and exact merges across machines."));
    }

    @Override
    public List<Reporter> create(ReportOptions options) {
        return options.output("hlog").<List<Reporter>>map(file -> List.of(new HistogramLogReporter(Path.of(file)))).orElse(List.of());
    }
}
