package dev.loadkit.novatorch.target;

import dev.loadkit.core.ConfigurationException;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The embedded target's message bus: a {@code redis-server} started as a child process on a free loopback
 * port, without persistence, and stopped by its PID when the bus is closed or the JVM exits (Ctrl-C too).
 * Nova-Torch runs on DragonflyDB, which speaks the same protocol; the scenarios use no Redis-only command.
 */
public final class MessageBus implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(10);

    private final Process process;
    private final int port;
    private final Thread stopOnExit;

    private MessageBus(Process process, int port) {
        this.process = process;
        this.port = port;
        this.stopOnExit = new Thread(this::stop, "novatorch-bus-stop");
        Runtime.getRuntime().addShutdownHook(stopOnExit);
    }

    /**
     * Starts a {@code redis-server} from the {@code PATH}.
     *
     * @return the running bus
     * @throws ConfigurationException when there is no {@code redis-server} on the {@code PATH}, or it does not start
     */
    public static MessageBus start() {
        Path executable = onPath("redis-server").orElseThrow(() -> new ConfigurationException(
                "the embedded Nova-Torch target needs redis-server on the PATH (Debian: apt-get install redis-server), "
                        + "or give a running Redis or DragonflyDB with --redis redis://HOST:PORT"));
        IOException last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            int port = freePort();
            try {
                Process process = new ProcessBuilder(executable.toString(), "--port", String.valueOf(port), "--bind", "127.0.0.1",
                        "--save", "", "--appendonly", "no", "--protected-mode", "yes", "--loglevel", "warning")
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .start();
                MessageBus bus = new MessageBus(process, port);
                if (bus.awaitReady()) {
                    return bus;
                }
                bus.close();
            } catch (IOException e) {
                last = e;
            }
        }
        throw new ConfigurationException("redis-server on the PATH (" + executable + ") did not start"
                + (last == null ? " within " + START_TIMEOUT.toSeconds() + " s" : ": " + last.getMessage())
                + "; give a running one with --redis redis://HOST:PORT");
    }

    /**
     * The bus's URI.
     *
     * @return {@code redis://127.0.0.1:PORT}
     */
    public String uri() {
        return "redis://127.0.0.1:" + port;
    }

    /** Stops the server by its PID and waits for it to end. */
    @Override
    public void close() {
        stop();
        try {
            Runtime.getRuntime().removeShutdownHook(stopOnExit);
        } catch (IllegalStateException e) {
            // The JVM is exiting: the hook runs (or ran) the same stop.
        }
    }

    private void stop() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    /** Waits until the server answers {@code PING}, or it ended, or the start timeout passed. */
    private boolean awaitReady() {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline && process.isAlive()) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
                socket.setSoTimeout(1000);
                OutputStream out = socket.getOutputStream();
                out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                InputStream in = socket.getInputStream();
                byte[] reply = in.readNBytes(7);
                if (new String(reply, StandardCharsets.US_ASCII).equals("+PONG\r\n")) {
                    return true;
                }
            } catch (IOException e) {
                // Not listening yet.
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new ConfigurationException("no free loopback port for the message bus: " + e.getMessage());
        }
    }

    /**
     * An executable found on the {@code PATH}.
     *
     * @param name its name
     * @return its path, if found
     */
    static Optional<Path> onPath(String name) {
        String path = Optional.ofNullable(System.getenv("PATH")).orElse("");
        return List.of(path.split(File.pathSeparator)).stream()
                .filter(dir -> !dir.isEmpty())
                .map(dir -> Path.of(dir, name))
                .filter(candidate -> Files.isRegularFile(candidate) && Files.isExecutable(candidate))
                .findFirst();
    }
}
