package dev.loadkit.http;

import org.junit.jupiter.api.Test;
import reactor.blockhound.BlockHound;
import reactor.blockhound.BlockingOperationError;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * BlockHound fails any blocking call made on a Netty event loop or a Reactor non-blocking thread. A run
 * with requests, checks, extraction, cookies, bodies and redirects must not make one. It runs over plain
 * HTTP: under contention the JDK's own TLS engine takes a lock inside Netty's handshake, which is Netty's
 * and the JDK's business, and would make this test about them rather than about the driver.
 */
class NonBlockingTest {

    /** Blocking calls seen, with the stack that made them. */
    private static final List<String> BLOCKING_CALLS = new CopyOnWriteArrayList<>();

    @Test
    void noCallBlocksAnEventLoop() throws Exception {
        BlockHound.builder().blockingMethodCallback(method -> {
            BlockingOperationError error = new BlockingOperationError(method);
            StringWriter stack = new StringWriter();
            error.printStackTrace(new PrintWriter(stack));
            BLOCKING_CALLS.add(stack.toString());
            throw error;
        }).install();
        try (TestServer server = new TestServer(TestServer.Mode.HTTP_1_1)) {
            Http http = Http.builder().baseUrl(server.url()).build();
            HttpRequest login = http.get("/set-cookie").name("login");
            HttpRequest create = http.post("/api/vms").name("create").body(Body.json(Map.of("a", 1)))
                    .check(HttpChecks.status().is(201), HttpChecks.jsonPointer("/id").saveAs("vmId"));
            HttpRequest start = http.post("/api/vms/{vmId}/start").name("start");
            HttpRequest redirect = http.get("/redirect").name("redirect");

            Runs runs = Runs.iterations(http, 3, 5, session -> login.run(session).then(create.run(session))
                    .then(start.run(session)).then(redirect.run(session)));

            assertThat(BLOCKING_CALLS).isEmpty();
            assertThat(runs.summary.errors()).isEmpty();
            assertThat(runs.responses).hasSize(15).allSatisfy(response -> assertThat(response.status()).isEqualTo(200));
        }
    }
}
