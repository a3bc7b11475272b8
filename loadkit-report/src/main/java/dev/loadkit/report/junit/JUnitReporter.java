package dev.loadkit.report.junit;

import dev.loadkit.core.RunSummary;
import dev.loadkit.core.ThresholdResult;
import dev.loadkit.core.report.Reporter;
import dev.loadkit.report.internal.AtomicFiles;
import dev.loadkit.report.internal.Text;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * {@code --junit FILE}: JUnit XML (the Ant/Surefire format every CI reads) with one test case per
 * threshold, and one for the run itself, which fails when the run was aborted.
 */
final class JUnitReporter implements Reporter {

    private final Path file;

    JUnitReporter(Path file) {
        this.file = file;
    }

    @Override
    public Optional<String> output() {
        return Optional.of("junit");
    }

    @Override
    public void onEnd(RunSummary summary) throws IOException {
        AtomicFiles.write(file, render(summary).getBytes(StandardCharsets.UTF_8));
    }

    static String render(RunSummary summary) {
        String suite = "loadkit." + summary.test();
        List<String> failed = summary.thresholds().stream().filter(threshold -> !threshold.passed())
                .map(ThresholdResult::expression).toList();
        // The run's own test case fails with its verdict, so that a CI that looks only at it sees the failure.
        boolean runFailed = summary.aborted() || !summary.passed();
        long failures = failed.size() + (runFailed ? 1 : 0);
        String seconds = Text.number(summary.duration().toNanos() / 1e9, 3);
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        xml.append("<testsuite name=\"").append(Text.xml(suite)).append("\" tests=\"")
                .append(summary.thresholds().size() + 1).append("\" failures=\"").append(failures)
                .append("\" errors=\"0\" skipped=\"0\" time=\"").append(seconds).append("\" timestamp=\"")
                .append(summary.startedAt().toString(), 0, 19).append("\">\n");
        xml.append("  <properties>\n");
        summary.parameters().forEach((name, value) -> xml.append("    <property name=\"").append(Text.xml(name))
                .append("\" value=\"").append(Text.xml(value)).append("\"/>\n"));
        xml.append("  </properties>\n");
        xml.append("  <testcase classname=\"").append(Text.xml(suite)).append("\" name=\"run\" time=\"").append(seconds).append("\"");
        if (summary.aborted()) {
            xml.append(">\n    <failure message=\"").append(Text.xml("aborted: " + summary.abortReason()))
                    .append("\" type=\"aborted\"/>\n  </testcase>\n");
        } else if (runFailed) {
            String verdict = failed.isEmpty() ? "the run failed (exit code " + summary.exitCode() + ")"
                    : failed.size() + " of " + summary.thresholds().size() + " thresholds failed: " + String.join("; ", failed);
            xml.append(">\n    <failure message=\"").append(Text.xml(verdict)).append("\" type=\"verdict\"/>\n  </testcase>\n");
        } else {
            xml.append("/>\n");
        }
        for (ThresholdResult threshold : summary.thresholds()) {
            xml.append("  <testcase classname=\"").append(Text.xml(suite)).append("\" name=\"")
                    .append(Text.xml(threshold.expression())).append("\" time=\"0\"");
            if (threshold.passed()) {
                xml.append("/>\n");
            } else {
                String actual = Double.isFinite(threshold.actual()) ? "actual " + threshold.actualText(Text::significant) : threshold.actualText(Text::significant);
                xml.append(">\n    <failure message=\"").append(Text.xml(threshold.condition() + " failed: " + actual))
                        .append("\" type=\"threshold\">").append(Text.xml(threshold.expression() + ": " + actual))
                        .append("</failure>\n  </testcase>\n");
            }
        }
        xml.append("</testsuite>\n");
        return xml.toString();
    }
}
