package dev.loadkit.ws;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A TCP server on a free loopback port that never answers: either not even the WebSocket handshake, or
 * nothing after it (not a close frame either). It reads what it is sent until the client closes, counting
 * the sockets still open, so that a test sees whether a connection given up left its socket behind.
 */
final class MuteTcpServer implements AutoCloseable {

    private static final Pattern KEY = Pattern.compile("(?im)^Sec-WebSocket-Key:\\s*(\\S+)\\s*$");

    /** Sockets accepted so far. */
    final AtomicInteger accepted = new AtomicInteger();
    /** Accepted sockets the client has not closed yet. */
    final AtomicInteger open = new AtomicInteger();
    private final boolean handshake;
    private final Set<Socket> clients = ConcurrentHashMap.newKeySet();
    private final ServerSocket socket;

    /**
     * Starts the server.
     *
     * @param handshake whether to complete the WebSocket handshake before falling silent
     */
    MuteTcpServer(boolean handshake) throws IOException {
        this.handshake = handshake;
        socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "mute-tcp-server");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private void accept() {
        while (!socket.isClosed()) {
            try {
                Socket client = socket.accept();
                clients.add(client);
                accepted.incrementAndGet();
                open.incrementAndGet();
                Thread reader = new Thread(() -> serve(client), "mute-tcp-client");
                reader.setDaemon(true);
                reader.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket client) {
        try (client; InputStream in = client.getInputStream()) {
            if (handshake) {
                client.getOutputStream().write(upgrade(readHead(in)).getBytes(StandardCharsets.US_ASCII));
            }
            byte[] buffer = new byte[1024];
            while (in.read(buffer) >= 0) {
                // Read and ignored, close frames included: no answer ever comes.
            }
        } catch (IOException e) {
            // A reset is a close too.
        } finally {
            clients.remove(client);
            open.decrementAndGet();
        }
    }

    /** The request's head, up to its blank line. */
    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
            int next = in.read();
            if (next < 0) {
                throw new IOException("closed during the handshake");
            }
            head.write(next);
        }
        return head.toString(StandardCharsets.US_ASCII);
    }

    /** The 101 answer that completes the handshake (RFC 6455, section 4.2.2). */
    private static String upgrade(String request) throws IOException {
        Matcher key = KEY.matcher(request);
        if (!key.find()) {
            throw new IOException("no Sec-WebSocket-Key");
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1").digest(
                    (key.group(1) + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").getBytes(StandardCharsets.US_ASCII));
            return "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Accept: " + Base64.getEncoder().encodeToString(digest) + "\r\n\r\n";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-1", e);
        }
    }

    String url() {
        return "ws://127.0.0.1:" + socket.getLocalPort();
    }

    @Override
    public void close() throws IOException {
        socket.close();
        for (Socket client : clients) {
            client.close();
        }
    }
}
