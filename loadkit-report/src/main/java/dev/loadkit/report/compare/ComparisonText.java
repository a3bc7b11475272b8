package dev.loadkit.report.compare;

import dev.loadkit.report.internal.Text;

/** A comparison as a console table, Markdown and a small self-contained HTML page. */
final class ComparisonText {

    private ComparisonText() {
    }

    static String plain(Comparison comparison) {
        StringBuilder text = new StringBuilder("Baseline: " + comparison.baselineName() + "\nCurrent:  "
                + comparison.currentName() + "\n\n");
        int width = Math.max(20, comparison.lines().stream().mapToInt(line -> line.name().length()).max().orElse(0) + 2);
        String format = "%-" + width + "s %-11s %14s %14s %10s  %s%n";
        text.append(String.format(format, "Name", "Measure", "Baseline", "Current", "Change", "Verdict"));
        for (Comparison.Line line : comparison.lines()) {
            text.append(String.format(format, line.name(), line.measure(), Comparison.value(line.measure(), line.baseline()),
                    Comparison.value(line.measure(), line.current()), line.change(), line.verdict()));
        }
        text.append(comparison.regressed() ? "\nREGRESSED\n" : "\nNo regression beyond the limits\n");
        return text.toString();
    }

    static String markdown(Comparison comparison) {
        StringBuilder md = new StringBuilder("# Comparison: ").append(Text.markdownCell(comparison.currentName()))
                .append(" against ").append(Text.markdownCell(comparison.baselineName())).append("\n\n**")
                .append(comparison.regressed() ? "REGRESSED" : "No regression beyond the limits").append("**\n\n")
                .append("| name | measure | baseline | current | change | verdict |\n|---|---|---:|---:|---:|---|\n");
        for (Comparison.Line line : comparison.lines()) {
            md.append("| ").append(Text.markdownCell(line.name())).append(" | ").append(line.measure()).append(" | ")
                    .append(Comparison.value(line.measure(), line.baseline())).append(" | ")
                    .append(Comparison.value(line.measure(), line.current())).append(" | ").append(line.change())
                    .append(" | ").append(line.regressed() ? "❌ " : "").append(Text.markdownCell(line.verdict())).append(" |\n");
        }
        return md.toString();
    }

    static String html(Comparison comparison) {
        StringBuilder html = new StringBuilder("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
                .append(Text.xml("loadkit comparison: " + comparison.currentName())).append("</title><style>")
                .append("body{font:14px/1.45 -apple-system,'Segoe UI','DejaVu Sans',sans-serif;margin:24px;color:#1f2328}")
                .append("table{border-collapse:collapse}th,td{padding:5px 10px;border-bottom:1px solid #d1d9e0;text-align:left}")
                .append("td.num{text-align:right;font-variant-numeric:tabular-nums}.bad{color:#cf222e;font-weight:600}")
                .append(".good{color:#1a7f37;font-weight:600}</style></head><body><h1>")
                .append(Text.xml(comparison.currentName())).append(" against ").append(Text.xml(comparison.baselineName()))
                .append("</h1><p class=\"").append(comparison.regressed() ? "bad\">REGRESSED" : "good\">No regression beyond the limits")
                .append("</p><table><tr><th>name</th><th>measure</th><th>baseline</th><th>current</th><th>change</th><th>verdict</th></tr>");
        for (Comparison.Line line : comparison.lines()) {
            html.append("<tr><td>").append(Text.xml(line.name())).append("</td><td>").append(line.measure())
                    .append("</td><td class=\"num\">").append(Comparison.value(line.measure(), line.baseline()))
                    .append("</td><td class=\"num\">").append(Comparison.value(line.measure(), line.current()))
                    .append("</td><td class=\"num\">").append(Text.xml(line.change())).append("</td><td")
                    .append(line.regressed() ? " class=\"bad\"" : "").append(">").append(Text.xml(line.verdict()))
                    .append("</td></tr>");
        }
        return html.append("</table></body></html>\n").toString();
    }
}
