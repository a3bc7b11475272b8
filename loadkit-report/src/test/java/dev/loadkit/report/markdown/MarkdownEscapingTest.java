package dev.loadkit.report.markdown;

import dev.loadkit.core.LoadTest;
import dev.loadkit.core.RunOptions;
import dev.loadkit.core.RunSummary;
import dev.loadkit.core.UserClass;
import dev.loadkit.core.Workload;
import dev.loadkit.core.sim.SimulatedService;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** Names that come from servers or users cannot break the Markdown report's tables or render as markup. */
class MarkdownEscapingTest {

    @Test
    void markupPipesAndLineBreaksInANameStayText() {
        String hostile = "<script>alert(1)</script> a|b\nc `d`";
        SimulatedService service = SimulatedService.builder().latency(Duration.ofMillis(1)).build();
        RunSummary summary = LoadTest.named("escaping").users(UserClass.named("user")
                        .task("call", session -> service.call(session, hostile)).build())
                .protocol(service).workload(Workload.perUserIterations(1, 2, Duration.ofSeconds(30))).build()
                .execute(RunOptions.builder().build());

        String markdown = MarkdownReporter.render(summary);

        assertThat(markdown).doesNotContain("<script>").contains("&lt;script&gt;alert(1)&lt;/script&gt; a\\|b c \\`d\\`");
        // Every line of the requests table has the table's number of cells.
        String header = "| name | metric | requests | failures | req/s | p50 ms | p95 ms | p99 ms | max ms |";
        int cells = cellCount(header);
        String table = markdown.substring(markdown.indexOf(header));
        table.lines().takeWhile(line -> line.startsWith("|")).forEach(line -> assertThat(cellCount(line)).as(line).isEqualTo(cells));
    }

    /** The cells of a table row: its unescaped pipes, less one. */
    private static int cellCount(String row) {
        return row.replace("\\|", "").split("\\|", -1).length - 2;
    }
}
