package dev.loadkit.http;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Connections per virtual user by default, or one shared pool. */
class ConnectionsTest {

    @Test
    void aUserIsOneClient() throws Exception {
        try (TestServer server = new TestServer(TestServer.Mode.HTTP_1_1)) {
            // Up to six connections per user are allowed, yet sequential requests reuse the one released.
            Http http = Http.builder().baseUrl(server.url()).build();

            Runs runs = Runs.iterations(http, 5, 20, http.get("/hello")::run);

            assertThat(runs.responses).hasSize(100);
            assertThat(server.clients).hasSize(5);
        }
    }

    @Test
    void aSharedPoolServesEveryUserFromItsConnections() throws Exception {
        try (TestServer server = new TestServer(TestServer.Mode.HTTP_1_1)) {
            Http http = Http.builder().baseUrl(server.url()).sharedConnections(1).build();

            Runs runs = Runs.iterations(http, 4, 5, http.get("/hello")::run);

            assertThat(runs.responses).hasSize(20).allSatisfy(response -> assertThat(response.status()).isEqualTo(200));
            assertThat(server.clients).hasSize(1);
        }
    }
}
