package dev.loadkit.report.json;

import dev.loadkit.core.RunSummary;
import dev.loadkit.core.report.Reporter;

import java.nio.file.Path;
import java.util.Optional;

/** Writes the JSON summary at the end of a run, also an interrupted one. */
final class JsonSummaryReporter implements Reporter {

    private final Path file;

    JsonSummaryReporter(Path file) {
        this.file = file;
    }

    @Override
    public Optional<String> output() {
        return Optional.of("json");
    }

    @Override
    public void onEnd(RunSummary summary) throws Exception {
        JsonSummary.write(summary, file);
    }
}
