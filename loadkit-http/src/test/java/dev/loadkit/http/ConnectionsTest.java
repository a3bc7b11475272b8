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

    @Test
    void aKeptAliveConnectionClosedUnderAnIdempotentRequestIsRetriedOnceOnAFreshOne() throws Exception {
        try (MisbehavingServer server = new MisbehavingServer(MisbehavingServer.Behaviour.CLOSES_KEPT_ALIVE_UNANSWERED)) {
            Http http = Http.builder().baseUrl(server.url()).build();

            Runs runs = Runs.iterations(http, 1, 2, http.get("/")::run);

            // The second GET met the closed connection without a byte of answer, and went once more on a new one.
            assertThat(runs.responses).hasSize(2).allSatisfy(response -> assertThat(response.status()).isEqualTo(200));
            assertThat(server.requests.get()).isEqualTo(3);
            // The run's reachability probe (no request), the first connection, and the fresh one.
            assertThat(server.connections.get()).isEqualTo(3);
            assertThat(runs.summary.metric("http_reqs").count()).isEqualTo(2);
        }
    }

    @Test
    void aPostIsNeverSentTwice() throws Exception {
        try (MisbehavingServer server = new MisbehavingServer(MisbehavingServer.Behaviour.CLOSES_KEPT_ALIVE_UNANSWERED)) {
            Http http = Http.builder().baseUrl(server.url()).build();

            Runs runs = Runs.iterations(http, 1, 2, http.post("/").body(Body.text("order"))::run);

            assertThat(runs.responses).extracting(HttpResponse::status).containsExactly(200, 0);
            assertThat(runs.responses.get(1).error()).contains(HttpErrorKind.RESET);
            assertThat(server.requests.get()).isEqualTo(2);
        }
    }

    @Test
    void aRequestThatGotAnyAnswerIsNeverSentTwice() throws Exception {
        try (MisbehavingServer server = new MisbehavingServer(MisbehavingServer.Behaviour.CLOSES_KEPT_ALIVE_AFTER_HEADERS)) {
            Http http = Http.builder().baseUrl(server.url()).build();

            Runs runs = Runs.iterations(http, 1, 2, http.get("/")::run);

            assertThat(runs.responses).extracting(HttpResponse::status).containsExactly(200, 0);
            assertThat(runs.responses.get(1).error()).contains(HttpErrorKind.RESET);
            assertThat(server.requests.get()).isEqualTo(2);
            assertThat(runs.summary.metric("http_req_failed").trues()).isEqualTo(1);
        }
    }

    @Test
    void halfAStatusLineIsAnAnswerAndNeverSentAgain() throws Exception {
        try (MisbehavingServer server = new MisbehavingServer(MisbehavingServer.Behaviour.CLOSES_KEPT_ALIVE_MIDLINE)) {
            Http http = Http.builder().baseUrl(server.url()).build();

            Runs runs = Runs.iterations(http, 1, 2, http.get("/")::run);

            assertThat(runs.responses).extracting(HttpResponse::status).containsExactly(200, 0);
            assertThat(server.requests.get()).isEqualTo(2);
        }
    }

    @Test
    void aConnectionWhoseBodyEndedWithItIsNeverHandedOn() throws Exception {
        try (MisbehavingServer server = new MisbehavingServer(MisbehavingServer.Behaviour.ANSWERS_UNTIL_CLOSE)) {
            // One shared connection for four users: each next POST, waiting, must get a live connection.
            Http http = Http.builder().baseUrl(server.url()).sharedConnections(1).build();

            Runs runs = Runs.iterations(http, 4, 5, http.post("/").body(Body.text("order"))::run);

            assertThat(runs.responses).hasSize(20).allSatisfy(response -> {
                assertThat(response.status()).isEqualTo(200);
                assertThat(response.bodyText()).isEqualTo("ok");
            });
            assertThat(server.requests.get()).isEqualTo(20);
        }
    }
}
