package dev.loadkit.http;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** TLS verification and HTTP versions against real servers: HTTP/1.1 over TLS, h2c, and h2 over TLS by ALPN. */
class TlsAndVersionsTest {

    @Test
    void anUntrustedCertificateFailsByDefault() throws Exception {
        try (TestServer server = new TestServer(TestServer.Mode.TLS_HTTP_1_1)) {
            Http http = Http.builder().baseUrl(server.url()).build();

            Runs runs = Runs.once(http, http.get("/hello")::run);

            assertThat(runs.last().error()).contains(HttpErrorKind.TLS);
            assertThat(runs.summary.errors()).singleElement().satisfies(error -> assertThat(error.kind()).isEqualTo("tls"));
        }
    }

    @Test
    void trustingAllCertificatesExplicitlyPasses() throws Exception {
        try (TestServer server = new TestServer(TestServer.Mode.TLS_HTTP_1_1)) {
            Http http = Http.builder().baseUrl(server.url()).trustAllCertificates().build();

            Runs runs = Runs.iterations(http, 1, 2, http.get("/protocol")::run);

            assertThat(runs.last().status()).isEqualTo(200);
            assertThat(runs.last().bodyText()).isEqualTo("HTTP/1.1");
            assertThat(runs.summary.metric("http_req_tls_handshaking").distribution().max()).isPositive();
            // Every report says that the target's identity went unchecked.
            assertThat(runs.summary.warnings()).contains("HTTP TLS certificates and host names are not verified"
                    + " (trust all): the target's identity was not checked");
        }
    }

    @Test
    void theTestEnvironmentsOwnCertificateVerifiesWithTheHostName() throws Exception {
        try (TestServer server = new TestServer(TestServer.Mode.TLS_HTTP_1_1)) {
            Http http = Http.builder().baseUrl(server.url())
                    .trustedCertificates(TestServer.certificateFile().toPath()).build();

            Runs runs = Runs.once(http, http.get("/hello")::run);

            assertThat(runs.last().status()).isEqualTo(200);
            assertThat(runs.summary.warnings()).noneMatch(warning -> warning.contains("not verified"));
        }
    }

    @Test
    void h2cSpeaksHttp2InPlainText() throws Exception {
        try (TestServer server = new TestServer(TestServer.Mode.H2C)) {
            Http http = Http.builder().baseUrl(server.url()).version(HttpVersion.H2C).build();

            Runs runs = Runs.iterations(http, 2, 3, http.get("/protocol").name("protocol")::run);

            assertThat(runs.responses).hasSize(6).allSatisfy(response -> assertThat(response.bodyText()).isEqualTo("HTTP/2.0"));
            assertThat(runs.summary.metric("data_received").count()).isPositive();
        }
    }

    @Test
    void h2OverTlsIsNegotiatedByAlpn() throws Exception {
        try (TestServer server = new TestServer(TestServer.Mode.TLS_H2)) {
            Http http = Http.builder().baseUrl(server.url()).version(HttpVersion.HTTP_2).trustAllCertificates().build();

            Runs runs = Runs.iterations(http, 2, 3, http.get("/protocol").name("protocol")::run);

            assertThat(runs.responses).hasSize(6).allSatisfy(response -> assertThat(response.bodyText()).isEqualTo("HTTP/2.0"));
        }
    }

    @Test
    void aMissingCertificateFileIsReportedWhenTheProtocolIsBuilt() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Http.builder()
                        .trustedCertificates(java.nio.file.Path.of("/nonexistent/ca.pem")).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("cannot set up TLS: ");
    }
}
