package dev.loadkit.report.csv;

import dev.loadkit.core.report.ReportOptions;
import dev.loadkit.core.report.Reporter;
import dev.loadkit.core.report.ReporterProvider;

import java.util.List;

/** Provides the {@code --csv PREFIX} output. */
public final class CsvReporterProvider implements ReporterProvider {

    /** Creates the provider; {@link java.util.ServiceLoader} calls it. */
    public CsvReporterProvider() {
    }

    @Override
    public List<String> outputs() {
        return List.of("csv");
    }

    @Override
    public List<Reporter> create(ReportOptions options) {
        return options.output("csv").<List<Reporter>>map(prefix -> List.of(new CsvReporter(prefix))).orElse(List.of());
    }
}
