package example;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README shows the examples as they are compiled and tested here: each of its Java blocks is one of these
 * files (without its package line, which a reader's project chooses), or the gRPC module's tested scenario.
 */
class ReadmeBlocksTest {

    private static final Path ROOT = Path.of("..");
    private static final Pattern JAVA_BLOCK = Pattern.compile("```java\n(.*?)```", Pattern.DOTALL);

    private static List<String> readmeBlocks() throws IOException {
        Matcher blocks = JAVA_BLOCK.matcher(Files.readString(ROOT.resolve("README.md")));
        List<String> found = new ArrayList<>();
        while (blocks.find()) {
            found.add(blocks.group(1));
        }
        return found;
    }

    /** The examples as the README shows them: without their package line. */
    private static List<String> examples() throws IOException {
        try (Stream<Path> files = Files.list(ROOT.resolve("loadkit-examples/src/main/java/example"))) {
            List<String> examples = new ArrayList<>();
            for (Path file : files.filter(path -> !path.endsWith("package-info.java")).sorted().toList()) {
                examples.add(Files.readString(file).replaceFirst("^package example;\n\n", ""));
            }
            return examples;
        }
    }

    @Test
    void everyJavaBlockOfTheReadmeIsATestedFile() throws IOException {
        List<String> tested = new ArrayList<>(examples());
        tested.add(Files.readString(ROOT.resolve("loadkit-grpc/src/test/java/dev/loadkit/grpc/example/EchoScenario.java")));

        List<String> blocks = readmeBlocks();
        assertThat(blocks).hasSizeGreaterThanOrEqualTo(tested.size());
        for (String block : blocks) {
            assertThat(tested).as("a README block that no tested file holds:%n%s", block).contains(block);
        }
        assertThat(blocks).as("every example is in the README").containsAll(examples());
    }
}
