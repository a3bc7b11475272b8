package example;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xml.sax.InputSource;

import javax.tools.JavaCompiler;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The archetype's scenario, with its placeholders filled as {@code archetype:generate} fills them, compiles. */
class ArchetypeTemplateTest {

    private static final Path TEMPLATES = Path.of("../loadkit-archetype/src/main/resources/archetype-resources");

    @TempDir
    Path folder;

    @Test
    void theGeneratedScenarioCompilesAgainstLoadkit() throws IOException {
        String template = Files.readString(TEMPLATES.resolve("src/main/java/LoadTestMain.java"));
        String generated = template.replace("${package}", "com.example.load").replace("${artifactId}", "my-load-tests");
        assertThat(generated).doesNotContain("${");
        Path source = Files.createDirectories(folder.resolve("src/com/example/load")).resolve("LoadTestMain.java");
        Files.writeString(source, generated);

        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        int result = compiler.run(null, null, errors, "-d", folder.resolve("classes").toString(),
                "-cp", System.getProperty("java.class.path"), "-Xlint:all", "-Werror", source.toString());

        assertThat(result).as(errors.toString(StandardCharsets.UTF_8)).isZero();
    }

    @Test
    void theGeneratedPomIsWellFormedAsksForAnSlf4jBindingAndKeepsTheReportersInTheJar() throws Exception {
        String pom = Files.readString(TEMPLATES.resolve("pom.xml"));
        // Well-formed XML: a "--" in a comment, say, and Maven refuses the whole project.
        DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new InputSource(new StringReader(pom)));
        assertThat(pom).contains("<artifactId>logback-classic</artifactId>", "ServicesResourceTransformer",
                "<artifactId>exec-maven-plugin</artifactId>", "<mainClass>${main.class}</mainClass>");
    }
}
