package dev.loadkit.novacron;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The jar's main in a JVM of its own, as a user runs it: its own signals, its own exit code. */
final class OwnJvm {

    private OwnJvm() {
    }

    /**
     * The command that runs NovaCron's main with the test's class path.
     *
     * @param args the jar's arguments
     * @return the command
     */
    static ProcessBuilder novaCron(String... args) {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new ArrayList<>(List.of(java.toString(), "-cp", System.getProperty("java.class.path"),
                NovaCron.class.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command);
    }
}
