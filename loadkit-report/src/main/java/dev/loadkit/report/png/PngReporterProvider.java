package dev.loadkit.report.png;

import dev.loadkit.core.report.ReportOptions;
import dev.loadkit.core.report.ReportOutput;
import dev.loadkit.core.report.Reporter;
import dev.loadkit.core.report.ReporterProvider;

import java.nio.file.Path;
import java.util.List;

/** Provides the {@code --png DIR} output. */
public final class PngReporterProvider implements ReporterProvider {

    /** Creates the provider; {@link java.util.ServiceLoader} calls it. */
    public PngReporterProvider() {
    }

    @Override
    public List<ReportOutput> outputs() {
        return List.of(new ReportOutput("png", "DIR",
                "Write PNG charts (latency, throughput, errors) into this folder."));
    }

    @Override
    public List<Reporter> create(ReportOptions options) {
        return options.output("png").<List<Reporter>>map(folder -> List.of(new PngReporter(Path.of(folder)))).orElse(List.of());
    }
}
