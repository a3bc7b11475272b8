package dev.loadkit.redis;

import io.netty.pkitesting.CertificateBuilder;
import io.netty.pkitesting.X509Bundle;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code redis-server} (Debian's {@code redis-server} package) as a child process on a free loopback
 * port, without persistence, stopped by its PID. It can restart on the same port, use TLS with a
 * self-signed certificate for 127.0.0.1, or require a password. Public for the quick runner's tests in the
 * benchmarks module, through this module's test jar.
 */
public final class RedisServer implements AutoCloseable {

    private final int port;
    private final X509Bundle certificate;
    private final String password;
    private final List<String> options;
    private Process process;

    private RedisServer(boolean tls, String password) throws Exception {
        this(tls, password, List.of());
    }

    private RedisServer(boolean tls, String password, List<String> options) throws Exception {
        this.port = freePort();
        this.certificate = tls ? new CertificateBuilder().subject("CN=localhost").addSanIpAddress("127.0.0.1")
                .setIsCertificateAuthority(true).buildSelfSigned() : null;
        this.password = password;
        this.options = options;
        start();
    }

    /** A plain server. */
    public static RedisServer plain() throws Exception {
        return new RedisServer(false, null);
    }

    /** A server that speaks only TLS, with a self-signed certificate. */
    public static RedisServer tls() throws Exception {
        return new RedisServer(true, null);
    }

    /** A node of a Redis Cluster, its cluster state in a folder of its own; {@code redis-cli --cluster create} joins nodes. */
    public static RedisServer clusterNode(Path folder) throws Exception {
        return new RedisServer(false, null, List.of("--cluster-enabled", "yes", "--cluster-config-file",
                folder.resolve("nodes-" + System.nanoTime() + ".conf").toString()));
    }

    /** A server that requires a password. */
    public static RedisServer withPassword(String password) throws Exception {
        return new RedisServer(false, password);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** Starts the server and returns once it accepts connections. */
    public void start() throws Exception {
        List<String> command = new ArrayList<>(List.of("redis-server", "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                "--protected-mode", "no"));
        if (certificate != null) {
            command.addAll(List.of("--port", "0", "--tls-port", Integer.toString(port),
                    "--tls-cert-file", certificate.toTempCertChainPem().getPath(),
                    "--tls-key-file", certificate.toTempPrivateKeyPem().getPath(),
                    "--tls-ca-cert-file", certificate.toTempCertChainPem().getPath(), "--tls-auth-clients", "no"));
        } else {
            command.addAll(List.of("--port", Integer.toString(port)));
        }
        if (password != null) {
            command.addAll(List.of("--requirepass", password));
        }
        command.addAll(options);
        process = new ProcessBuilder(command).redirectErrorStream(true).start();
        CountDownLatch ready = new CountDownLatch(1);
        StringBuilder output = new StringBuilder();
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    synchronized (output) {
                        output.append(line).append('\n');
                    }
                    if (line.contains("Ready to accept connections")) {
                        ready.countDown();
                    }
                }
            } catch (IOException ignored) {
                // The process ended.
            }
        }, "redis-server-output");
        reader.setDaemon(true);
        reader.start();
        if (!ready.await(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            synchronized (output) {
                throw new IllegalStateException("redis-server did not start: " + output);
            }
        }
    }

    /** Stops the server, by its PID; the port stays free to start again on. */
    public void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** The URI clients use: {@code redis://} or {@code rediss://}, with the password if there is one. */
    public String uri() {
        return (certificate != null ? "rediss://" : "redis://") + (password != null ? ":" + password + "@" : "") + "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** The certificate as a PEM file, to trust. */
    public Path certificatePem() throws Exception {
        File file = certificate.toTempCertChainPem();
        return file.toPath();
    }

    /**
     * Runs {@code redis-cli} against this server, such as {@code INFO commandstats}.
     *
     * @return its output
     */
    public String cli(String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of("redis-cli", "-h", "127.0.0.1", "-p", Integer.toString(port)));
        if (certificate != null) {
            command.addAll(List.of("--tls", "--cacert", certificate.toTempCertChainPem().getPath()));
        }
        if (password != null) {
            command.addAll(List.of("--no-auth-warning", "-a", password));
        }
        command.addAll(List.of(arguments));
        Process cli = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(cli.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!cli.waitFor(30, TimeUnit.SECONDS)) {
            cli.destroyForcibly();
        }
        return output;
    }

    /** How many times the server ran a command, from its own {@code INFO commandstats}. */
    public long calls(String command) throws Exception {
        String prefix = "cmdstat_" + command.toLowerCase() + ":calls=";
        for (String line : cli("INFO", "commandstats").split("\r?\n")) {
            if (line.startsWith(prefix)) {
                return Long.parseLong(line.substring(prefix.length(), line.indexOf(',')));
            }
        }
        return 0;
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
