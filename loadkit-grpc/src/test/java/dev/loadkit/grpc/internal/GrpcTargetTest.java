package dev.loadkit.grpc.internal;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The three forms of a gRPC target, and the mistakes a user makes with them. */
class GrpcTargetTest {

    @Test
    void theSchemeSaysWhetherTlsIsUsed() {
        assertThat(GrpcTarget.parse("grpc://127.0.0.1:50051")).isEqualTo(new GrpcTarget("127.0.0.1", 50051, Optional.of(false)));
        assertThat(GrpcTarget.parse("grpcs://api.example.com")).isEqualTo(new GrpcTarget("api.example.com", 443, Optional.of(true)));
        assertThat(GrpcTarget.parse("localhost:50051")).isEqualTo(new GrpcTarget("localhost", 50051, Optional.empty()));
        assertThat(GrpcTarget.parse("grpc://[::1]:9000/")).isEqualTo(new GrpcTarget("::1", 9000, Optional.of(false)));
        assertThat(GrpcTarget.parse("localhost:50051").usesTls(true)).isTrue();
        assertThat(GrpcTarget.parse("grpc://localhost:50051").usesTls(true)).isFalse();
    }

    @Test
    void anotherDriversHostIsNotAGrpcTarget() {
        assertThat(GrpcTarget.isGrpc("http://127.0.0.1:8080")).isFalse();
        assertThat(GrpcTarget.isGrpc("grpcs://127.0.0.1")).isTrue();
        assertThat(GrpcTarget.isGrpc("127.0.0.1:50051")).isTrue();
    }

    @Test
    void mistakesSayWhatToWrite() {
        assertThatThrownBy(() -> GrpcTarget.parse("http://127.0.0.1:1")).hasMessageContaining("must be grpc://host:port");
        assertThatThrownBy(() -> GrpcTarget.parse("grpc://127.0.0.1")).hasMessageContaining("needs a port");
        assertThatThrownBy(() -> GrpcTarget.parse("127.0.0.1:1/path")).hasMessageContaining("is not host:port");
    }
}
