package dev.loadkit.core.internal.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A run's log file ({@code ID.log} of {@code --output-dir}): while open, everything the process prints on
 * standard output and standard error, the console reporter's lines and the log's alike, also goes to the file.
 */
final class RunLog implements AutoCloseable {

    private final PrintStream originalOut;
    private final PrintStream originalErr;
    private final OutputStream file;

    private RunLog(PrintStream originalOut, PrintStream originalErr, OutputStream file) {
        this.originalOut = originalOut;
        this.originalErr = originalErr;
        this.file = file;
    }

    /**
     * Starts copying standard output and error into a file.
     *
     * @param path the log file, replaced if it exists
     * @return the open log; closing it restores the streams
     * @throws IOException when the file cannot be opened
     */
    static RunLog open(Path path) throws IOException {
        OutputStream file = Files.newOutputStream(path);
        RunLog log = new RunLog(System.out, System.err, file);
        System.setOut(new PrintStream(new Tee(log.originalOut, file), true));
        System.setErr(new PrintStream(new Tee(log.originalErr, file), true));
        return log;
    }

    @Override
    public void close() throws IOException {
        System.out.flush();
        System.err.flush();
        System.setOut(originalOut);
        System.setErr(originalErr);
        synchronized (file) {
            file.close();
        }
    }

    /** Writes to the console and to the file; the file is shared by both streams, so writes take its lock. */
    private static final class Tee extends OutputStream {
        private final OutputStream console;
        private final OutputStream file;

        Tee(OutputStream console, OutputStream file) {
            this.console = console;
            this.file = file;
        }

        @Override
        public void write(int b) throws IOException {
            console.write(b);
            synchronized (file) {
                file.write(b);
            }
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            console.write(bytes, offset, length);
            synchronized (file) {
                file.write(bytes, offset, length);
            }
        }

        @Override
        public void flush() throws IOException {
            console.flush();
            synchronized (file) {
                file.flush();
            }
        }
    }
}
