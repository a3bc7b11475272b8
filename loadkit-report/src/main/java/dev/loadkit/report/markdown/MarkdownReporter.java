package dev.loadkit.report.markdown;

import dev.loadkit.core.CheckResult;
import dev.loadkit.core.RequestResult;
import dev.loadkit.core.RunSummary;
import dev.loadkit.core.ThresholdResult;
import dev.loadkit.core.metrics.Distribution;
import dev.loadkit.core.report.Reporter;
import dev.loadkit.report.internal.AtomicFiles;
import dev.loadkit.report.internal.Text;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** {@code --md FILE}: a Markdown summary for a pull request comment or a stakeholder. */
final class MarkdownReporter implements Reporter {

    private static final int MAX_ERRORS = 20;

    private final Path file;

    MarkdownReporter(Path file) {
        this.file = file;
    }

    @Override
    public Optional<String> output() {
        return Optional.of("md");
    }

    @Override
    public void onEnd(RunSummary summary) throws IOException {
        AtomicFiles.write(file, render(summary).getBytes(StandardCharsets.UTF_8));
    }

    static String render(RunSummary summary) {
        StringBuilder md = new StringBuilder();
        md.append("# Load test: ").append(Text.markdownCell(summary.test())).append("\n\n");
        md.append("**").append(verdict(summary)).append("** · ").append(summary.startedAt()).append(" · ")
                .append(clock(summary.duration())).append("\n\n");
        md.append("| parameter | value |\n|---|---|\n");
        summary.parameters().forEach((name, value) -> md.append("| ").append(Text.markdownCell(name)).append(" | ")
                .append(Text.markdownCell(value)).append(" |\n"));
        if (!summary.thresholds().isEmpty()) {
            md.append("\n## Thresholds\n\n| | threshold | actual |\n|---|---|---|\n");
            for (ThresholdResult threshold : summary.thresholds()) {
                md.append("| ").append(threshold.passed() ? "✅" : "❌").append(" | `")
                        .append(threshold.expression().replace("`", "'")).append("` | ")
                        .append(threshold.actualText(Text::significant))
                        .append(" |\n");
            }
        }
        if (!summary.requests().isEmpty()) {
            md.append("\n## Requests\n\n| name | metric | requests | failures | req/s | p50 ms | p95 ms | p99 ms | max ms |\n")
                    .append("|---|---|---:|---:|---:|---:|---:|---:|---:|\n");
            for (RequestResult request : summary.requests()) {
                Distribution latency = request.stats().distribution();
                md.append("| ").append(Text.markdownCell(request.name())).append(" | ").append(request.metric())
                        .append(" | ").append(request.count()).append(" | ").append(request.failures())
                        .append(" | ").append(Text.number(request.rps(), 1))
                        .append(" | ").append(Text.number(latency.percentile(50), 2))
                        .append(" | ").append(Text.number(latency.percentile(95), 2))
                        .append(" | ").append(Text.number(latency.percentile(99), 2))
                        .append(" | ").append(Text.number(latency.max(), 2)).append(" |\n");
            }
        }
        if (!summary.checks().isEmpty()) {
            md.append("\n## Checks\n\n| check | passed | failed |\n|---|---:|---:|\n");
            for (CheckResult check : summary.checks()) {
                md.append("| ").append(Text.markdownCell(check.name())).append(" | ").append(check.passes())
                        .append(" | ").append(check.fails()).append(" |\n");
            }
        }
        if (!summary.errors().isEmpty()) {
            md.append("\n## Errors\n\n| count | name | kind | message |\n|---:|---|---|---|\n");
            summary.errors().stream().limit(MAX_ERRORS).forEach(error -> md.append("| ").append(error.count())
                    .append(" | ").append(Text.markdownCell(error.name())).append(" | ")
                    .append(Text.markdownCell(error.kind())).append(" | ")
                    .append(Text.markdownCell(error.message())).append(" |\n"));
            if (summary.errors().size() > MAX_ERRORS) {
                md.append("\n").append(summary.errors().size() - MAX_ERRORS).append(" more kinds of error in the JSON summary.\n");
            }
        }
        return md.toString();
    }

    private static String verdict(RunSummary summary) {
        long failed = summary.thresholds().stream().filter(threshold -> !threshold.passed()).count();
        if (failed > 0) {
            return "FAILED: " + failed + " of " + summary.thresholds().size() + " thresholds";
        }
        if (summary.aborted()) {
            return "ABORTED: " + Text.markdownCell(summary.abortReason());
        }
        return "PASSED";
    }

    private static String clock(Duration duration) {
        long seconds = duration.toSeconds();
        return seconds >= 3600 ? String.format("%dh%02dm%02ds", seconds / 3600, seconds / 60 % 60, seconds % 60)
                : String.format("%dm%02ds", seconds / 60, seconds % 60);
    }
}
