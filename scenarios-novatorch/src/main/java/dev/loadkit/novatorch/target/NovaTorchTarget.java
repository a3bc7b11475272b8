package dev.loadkit.novatorch.target;

import dev.loadkit.core.ConfigurationException;
import io.grpc.Server;
import io.grpc.netty.NettyServerBuilder;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The embedded Nova-Torch reference target: the orchestrator's gRPC API on a loopback port (a real grpc-java
 * server over TCP), relaying through a message bus: a {@code redis-server} it starts as a child process, or
 * a server it is given. Closing it stops the server, then the bus it started.
 */
public final class NovaTorchTarget implements AutoCloseable {

    private final Server server;
    private final MessageBus startedBus;
    private final String busUri;
    private final RedisClient busClient;
    private final StatefulRedisConnection<String, String> busConnection;
    private final ScheduledExecutorService timer;

    private NovaTorchTarget(Server server, MessageBus startedBus, String busUri, RedisClient busClient,
                            StatefulRedisConnection<String, String> busConnection, ScheduledExecutorService timer) {
        this.server = server;
        this.startedBus = startedBus;
        this.busUri = busUri;
        this.busClient = busClient;
        this.busConnection = busConnection;
        this.timer = timer;
    }

    /**
     * Starts the target.
     *
     * @param grpcPort the API's port on 127.0.0.1, 0 for a free one
     * @param busUri a running Redis or DragonflyDB to relay through, or {@code null} to start a {@code redis-server}
     * @param settings how the orchestrator misbehaves
     * @return the running target
     * @throws ConfigurationException when the bus cannot be started or reached, or the port is taken
     */
    public static NovaTorchTarget start(int grpcPort, String busUri, TargetSettings settings) {
        MessageBus started = busUri == null ? MessageBus.start() : null;
        String uri = started != null ? started.uri() : busUri;
        RedisClient client = null;
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "novatorch-target-timer");
            thread.setDaemon(true);
            return thread;
        });
        try {
            client = RedisClient.create();
            StatefulRedisConnection<String, String> connection;
            try {
                RedisURI parsed = RedisURI.create(uri);
                parsed.setTimeout(Duration.ofSeconds(10));
                connection = client.connect(StringCodec.UTF8, parsed);
            } catch (RuntimeException e) {
                throw new ConfigurationException("the Nova-Torch target cannot reach its message bus " + uri + ": " + e.getMessage());
            }
            Server server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", grpcPort))
                    .directExecutor()
                    .addService(new OrchestratorService(connection.async(), timer, settings))
                    .build();
            try {
                server.start();
            } catch (IOException e) {
                connection.close();
                throw new ConfigurationException("the Nova-Torch target cannot listen on 127.0.0.1:" + grpcPort + ": " + e.getMessage());
            }
            return new NovaTorchTarget(server, started, uri, client, connection, timer);
        } catch (RuntimeException e) {
            if (client != null) {
                client.shutdown();
            }
            timer.shutdownNow();
            if (started != null) {
                started.close();
            }
            throw e;
        }
    }

    /**
     * The API's address for loadkit's gRPC driver.
     *
     * @return {@code grpc://127.0.0.1:PORT}
     */
    public String grpcTarget() {
        return "grpc://127.0.0.1:" + server.getPort();
    }

    /**
     * The bus the orchestrator relays through.
     *
     * @return its URI
     */
    public String busUri() {
        return busUri;
    }

    /**
     * Blocks until the server stops (for the {@code target} command, until the process is stopped).
     *
     * @throws InterruptedException when interrupted
     */
    public void awaitStop() throws InterruptedException {
        server.awaitTermination();
    }

    @Override
    public void close() {
        server.shutdownNow();
        try {
            server.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        busConnection.close();
        busClient.shutdown();
        timer.shutdownNow();
        if (startedBus != null) {
            startedBus.close();
        }
    }
}
