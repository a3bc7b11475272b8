package dev.loadkit.bench;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** The bench jar's --help lists every command, in lines that fit 80 columns and break between words. */
class LoadkitBenchHelpTest {

    @Test
    void helpListsTheQuickRunners() {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.out;
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            assertThat(LoadkitBench.launcher().execute("--help")).isZero();
        } finally {
            System.setOut(original);
        }
        String help = captured.toString(StandardCharsets.UTF_8);
        assertThat(help).containsPattern("\\n  http +Loads one URL").containsPattern("\\n  grpc +Loads one gRPC method")
                .containsPattern("\\n  redis +Loads Redis").containsPattern("\\n  list ").containsPattern("\\n  suite ");
        assertThat(help.lines()).allSatisfy(line -> assertThat(line.length()).as(line).isLessThanOrEqualTo(80));
        // A continuation line starts with a whole word, under the description.
        assertThat(help.substring(help.indexOf("Commands:")).lines().filter(line -> line.startsWith("                 ")))
                .allSatisfy(line -> assertThat(line.charAt(17)).isNotEqualTo(' '));
    }
}
