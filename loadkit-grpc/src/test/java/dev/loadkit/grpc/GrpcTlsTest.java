package dev.loadkit.grpc;

import dev.loadkit.core.RunSummary;
import dev.loadkit.core.metrics.ErrorCount;
import dev.loadkit.grpc.test.EchoGrpc;
import dev.loadkit.grpc.test.EchoReply;
import dev.loadkit.grpc.test.EchoRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** TLS against a server with a self-signed certificate: refused unless trusted, as a careful client does. */
class GrpcTlsTest {

    private static EchoServer server;

    @BeforeAll
    static void startServer() throws Exception {
        server = EchoServer.tls();
    }

    @AfterAll
    static void stopServer() throws InterruptedException {
        server.close();
    }

    private static RunSummary sayTwice(Grpc grpc) {
        GrpcCall<EchoRequest, EchoReply> say = grpc.call(EchoGrpc.getSayMethod()).name("say");
        return GrpcRuns.iterations(grpc, 1, 2, session -> say.run(session, EchoRequest.newBuilder().setText("tls").build()));
    }

    @Test
    void aSelfSignedCertificateIsRefusedByDefault() {
        long before = server.calls("Say");
        RunSummary summary = sayTwice(Grpc.builder().target(server.target()).build());

        assertThat(summary.metric("grpc_req_failed").trues()).isEqualTo(2);
        assertThat(GrpcRuns.errorsOf(summary, "say")).extracting(ErrorCount::kind).containsOnly("UNAVAILABLE");
        assertThat(GrpcRuns.errorsOf(summary, "say").get(0).message()).containsIgnoringCase("certificat");
        assertThat(server.calls("Say")).isEqualTo(before);
    }

    @Test
    void aTrustedCertificateIsAccepted() throws Exception {
        long before = server.calls("Say");
        RunSummary summary = sayTwice(Grpc.builder().target(server.target()).trustedCertificates(server.certificatePem()).build());

        assertThat(summary.metric("grpc_req_failed").trues()).isZero();
        assertThat(server.calls("Say") - before).isEqualTo(2);
    }

    @Test
    void trustingEveryCertificateIsExplicit() {
        // host:port with TLS by default, the certificate not verified.
        RunSummary summary = sayTwice(Grpc.builder().target("127.0.0.1:" + server.port()).trustAllCertificates().build());

        assertThat(summary.metric("grpc_req_failed").trues()).isZero();
    }
}
