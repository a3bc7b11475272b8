package dev.loadkit.core;

import java.io.PrintStream;

/**
 * A command that every runnable jar offers beside its scenarios, such as {@code compare}; found with
 * {@link java.util.ServiceLoader}. {@code java -jar pack.jar NAME ARGS...} runs it.
 */
public interface Subcommand {

    /**
     * The command's name on the command line.
     *
     * @return the name
     */
    String name();

    /**
     * One line for {@code --help}.
     *
     * @return the description
     */
    String description();

    /**
     * Runs the command.
     *
     * @param args the arguments after the command's name
     * @param out standard output
     * @param err standard error, for one-line messages about mistakes
     * @return the exit code: 0 success, 1 a verdict failed, 2 a usage error
     */
    int run(String[] args, PrintStream out, PrintStream err);
}
