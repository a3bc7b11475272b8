package dev.loadkit.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A raw TCP server on a free loopback port that misbehaves as real servers do: it never answers, drips its
 * body, resets, closes after the headers, speaks garbage, sends an endless body, or closes a kept-alive connection
 * under the next request. One thread per
 * connection; it closes every socket when closed.
 */
final class MisbehavingServer implements AutoCloseable {

    /** What the server does with each request. */
    enum Behaviour {
        /** Reads the request and never answers. */
        NEVER_ANSWERS,
        /** Answers 200 with a chunked body of one byte every 100 ms, forever. */
        DRIPS,
        /** Sends the headers, then stays silent with the connection open. */
        SILENT_AFTER_HEADERS,
        /** Reads the request and resets the connection. */
        RESETS,
        /** Announces a 100-byte body, sends the headers and closes. */
        CLOSES_AFTER_HEADERS,
        /** Answers with bytes that are not HTTP. */
        GARBAGE,
        /** Answers with a status line whose code is not a number. */
        BAD_STATUS_LINE,
        /** Answers 200 with a chunked body of 200 MB. */
        HUGE_BODY,
        /** Behaves: answers every request 200 with a two-byte body, keeping the connection alive. */
        ANSWERS,
        /** Answers 200 with a body that ends when the server closes the connection (no length, no chunks). */
        ANSWERS_UNTIL_CLOSE,
        /** Answers each connection's first request (keep-alive), then answers the second with half a status line and closes. */
        CLOSES_KEPT_ALIVE_MIDLINE,
        /** Answers each connection's first request (keep-alive), then reads the second and closes without a byte. */
        CLOSES_KEPT_ALIVE_UNANSWERED,
        /** Answers each connection's first request (keep-alive), then answers the second with headers only and closes. */
        CLOSES_KEPT_ALIVE_AFTER_HEADERS
    }

    private static final long HUGE = 200L * 1024 * 1024;

    private final ServerSocket server;
    private final Behaviour behaviour;
    private final ExecutorService threads = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "misbehaving-server");
        thread.setDaemon(true);
        return thread;
    });
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    final AtomicInteger requests = new AtomicInteger();
    final AtomicInteger connections = new AtomicInteger();
    /** Bytes of requests read and of responses written, for the {@code ANSWERS} behaviour. */
    final AtomicLong bytesRead = new AtomicLong();
    final AtomicLong bytesWritten = new AtomicLong();

    MisbehavingServer(Behaviour behaviour) throws IOException {
        this.behaviour = behaviour;
        this.server = new ServerSocket(0, 100, InetAddress.getLoopbackAddress());
        threads.execute(this::accept);
    }

    String url() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                connections.incrementAndGet();
                sockets.add(socket);
                threads.execute(() -> serve(socket));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket; InputStream in = socket.getInputStream(); OutputStream out = socket.getOutputStream()) {
            int onThisConnection = 0;
            while (readRequest(in, bytesRead)) {
                requests.incrementAndGet();
                onThisConnection++;
                switch (behaviour) {
                    case NEVER_ANSWERS -> Thread.sleep(Long.MAX_VALUE);
                    case DRIPS -> {
                        out.write(ascii("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"));
                        out.flush();
                        while (true) {
                            out.write(ascii("1\r\nx\r\n"));
                            out.flush();
                            Thread.sleep(100);
                        }
                    }
                    case SILENT_AFTER_HEADERS -> {
                        out.write(ascii("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n"));
                        out.flush();
                        Thread.sleep(Long.MAX_VALUE);
                    }
                    case RESETS -> {
                        socket.setSoLinger(true, 0);
                        return;
                    }
                    case CLOSES_AFTER_HEADERS -> {
                        out.write(ascii("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n"));
                        out.flush();
                        return;
                    }
                    case GARBAGE -> {
                        out.write(ascii("\u0001\u0002 this is not HTTP at all\r\n\r\n"));
                        out.flush();
                        return;
                    }
                    case BAD_STATUS_LINE -> {
                        out.write(ascii("HTTP/1.1 2x0 OK\r\nContent-Length: 0\r\n\r\n"));
                        out.flush();
                        return;
                    }
                    case ANSWERS -> {
                        byte[] response = ascii("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
                        out.write(response);
                        out.flush();
                        bytesWritten.addAndGet(response.length);
                    }
                    case ANSWERS_UNTIL_CLOSE -> {
                        out.write(ascii("HTTP/1.1 200 OK\r\n\r\nok"));
                        out.flush();
                        return;
                    }
                    case CLOSES_KEPT_ALIVE_UNANSWERED, CLOSES_KEPT_ALIVE_AFTER_HEADERS, CLOSES_KEPT_ALIVE_MIDLINE -> {
                        if (onThisConnection > 1) {
                            if (behaviour == Behaviour.CLOSES_KEPT_ALIVE_AFTER_HEADERS) {
                                out.write(ascii("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n"));
                            } else if (behaviour == Behaviour.CLOSES_KEPT_ALIVE_MIDLINE) {
                                out.write(ascii("HTTP/1.1 50"));
                            }
                            out.flush();
                            return;
                        }
                        out.write(ascii("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"));
                        out.flush();
                    }
                    case HUGE_BODY -> {
                        out.write(ascii("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"));
                        byte[] chunk = new byte[64 * 1024];
                        byte[] header = ascii(Integer.toHexString(chunk.length) + "\r\n");
                        for (long sent = 0; sent < HUGE; sent += chunk.length) {
                            out.write(header);
                            out.write(chunk);
                            out.write(ascii("\r\n"));
                        }
                        out.write(ascii("0\r\n\r\n"));
                        out.flush();
                    }
                }
            }
        } catch (IOException | InterruptedException e) {
            // The client went away, or the server is closing.
        } finally {
            sockets.remove(socket);
        }
    }

    /** Reads one request's head (the tests send no bodies); false at the end of the stream. */
    private static boolean readRequest(InputStream in, AtomicLong bytes) throws IOException {
        int matched = 0;
        int read;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while ((read = in.read()) >= 0) {
            bytes.incrementAndGet();
            matched = read == end[matched] ? matched + 1 : read == '\r' ? 1 : 0;
            if (matched == 4) {
                return true;
            }
        }
        return false;
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket socket : sockets) {
            socket.close();
        }
        threads.shutdownNow();
    }
}
