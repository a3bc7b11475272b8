package dev.loadkit.http;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** Every kind of failure becomes a failed response of its kind, counted in the summary, never a dead user. */
class HttpErrorsTest {

    private static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = new TestServer(TestServer.Mode.HTTP_1_1);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void assertFailedWith(Runs runs, HttpErrorKind kind) {
        HttpResponse response = runs.last();
        assertThat(response.failed()).isTrue();
        assertThat(response.status()).isZero();
        assertThat(response.error()).contains(kind);
        assertThat(runs.summary.metric("http_req_failed").rate()).isEqualTo(1.0);
        assertThat(runs.summary.metric("http_reqs", java.util.Map.of("status", "0")).count()).isEqualTo(runs.responses.size());
        assertThat(runs.summary.errors()).singleElement().satisfies(error -> {
            assertThat(error.kind()).isEqualTo(kind.label());
            assertThat(error.count()).isEqualTo(runs.responses.size());
        });
        assertThat(runs.summary.metric("iterations").count()).isEqualTo(runs.responses.size());
    }

    @Test
    void aPortWithNoServerIsConnectRefused() throws IOException {
        Http http = Http.builder().baseUrl("http://127.0.0.1:" + closedPort()).build();

        Runs runs = Runs.iterations(http, 1, 3, http.get("/").name("nothing there")::run);

        assertFailedWith(runs, HttpErrorKind.CONNECT_REFUSED);
        // Said as a person would, not as the native transport's system call and error number.
        assertThat(runs.last().errorMessage()).hasValue("Connection refused");
    }

    @Test
    void aServerThatClosesTheConnectionIsAReset() {
        Http http = Http.builder().baseUrl(server.url()).build();

        Runs runs = Runs.iterations(http, 1, 2, http.get("/reset").name("reset")::run);

        assertFailedWith(runs, HttpErrorKind.RESET);
    }

    @Test
    void aServerThatNeverAnswersIsAResponseTimeout() {
        Http http = Http.builder().baseUrl(server.url()).responseTimeout(Duration.ofMillis(300)).build();

        Runs runs = Runs.once(http, http.get("/never").name("never")::run);

        assertFailedWith(runs, HttpErrorKind.RESPONSE_TIMEOUT);
        assertThat(runs.last().latency()).isBetween(Duration.ofMillis(300), Duration.ofSeconds(3));
    }

    @Test
    void anUnexpectedStatusFailsTheRequestAndIsCountedByStatus() {
        Http http = Http.builder().baseUrl(server.url()).build();

        Runs runs = Runs.iterations(http, 1, 2, http.get("/status/503").name("unavailable")::run);

        assertThat(runs.last().status()).isEqualTo(503);
        assertThat(runs.last().failed()).isTrue();
        assertThat(runs.summary.errors()).singleElement().satisfies(error -> {
            assertThat(error.kind()).isEqualTo("status 503");
            assertThat(error.message()).isEqualTo("HTTP 503 Service Unavailable");
            assertThat(error.count()).isEqualTo(2);
        });
    }

    @Test
    void expectedStatusesCanBeChanged() {
        Http http = Http.builder().baseUrl(server.url()).build();

        Runs runs = Runs.once(http, http.get("/status/404").expectStatus(404)::run);

        assertThat(runs.last().failed()).isFalse();
        assertThat(runs.summary.errors()).isEmpty();
    }
}
