package dev.loadkit.grpc;

import dev.loadkit.core.RunSummary;
import dev.loadkit.grpc.test.EchoGrpc;
import dev.loadkit.grpc.test.EchoReply;
import dev.loadkit.grpc.test.EchoRequest;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** How calls reach the server: a connection per user or a shared pool, compression, keep-alive. */
class GrpcChannelsTest {

    private static RunSummary sayFromUsers(Grpc grpc, int users) {
        GrpcCall<EchoRequest, EchoReply> say = grpc.call(EchoGrpc.getSayMethod());
        return GrpcRuns.iterations(grpc, users, 3, session -> say.run(session, EchoRequest.newBuilder().setText("c").build()));
    }

    @Test
    void eachUserIsOneConnection() throws Exception {
        try (EchoServer server = EchoServer.plaintext()) {
            RunSummary summary = sayFromUsers(Grpc.builder().target(server.target()).build(), 5);

            assertThat(summary.metric("grpc_req_failed").trues()).isZero();
            // One connection per user, and one opened before the run to get ready.
            assertThat(server.connections()).isEqualTo(5 + 1);
        }
    }

    @Test
    void sharedChannelsAreAPoolOfAFixedSize() throws Exception {
        try (EchoServer server = EchoServer.plaintext()) {
            Grpc grpc = Grpc.builder().target(server.target()).sharedChannels(2).build();

            RunSummary summary = sayFromUsers(grpc, 6);
            grpc.close().block(Duration.ofSeconds(30));

            assertThat(summary.metric("grpc_req_failed").trues()).isZero();
            assertThat(server.calls("Say")).isEqualTo(18);
            assertThat(server.connections()).isEqualTo(2);
        }
    }

    @Test
    void requestsAreCompressedWhenAsked() throws Exception {
        try (EchoServer server = EchoServer.plaintext()) {
            RunSummary summary = sayFromUsers(Grpc.builder().target(server.target()).compression("gzip")
                    .keepAlive(Duration.ofSeconds(10), Duration.ofSeconds(5)).build(), 1);

            assertThat(summary.metric("grpc_req_failed").trues()).isZero();
            assertThat(server.encodings()).containsExactly("gzip");
        }
    }
}
