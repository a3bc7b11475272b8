/**
 * The gRPC driver of loadkit, on grpc-java: {@link dev.loadkit.grpc.Grpc} is the protocol (target, TLS,
 * channels, deadlines), {@link dev.loadkit.grpc.GrpcCall} a call of any kind (unary, server, client or bidi
 * streaming) with the user's generated code or by name with JSON, {@link dev.loadkit.grpc.GrpcChecks} the
 * checks, and {@link dev.loadkit.grpc.GrpcMetrics} what is recorded.
 *
 * <pre>{@code
 * Grpc grpc = Grpc.builder().target("grpc://127.0.0.1:50051").build();
 * GrpcCall<EchoRequest, EchoReply> say = grpc.call(EchoGrpc.getSayMethod()).name("say");
 * LoadTest.named("echo")
 *         .users(UserClass.named("client").task("say",
 *                 session -> say.run(session, EchoRequest.newBuilder().setText("hi").build())).build())
 *         .protocol(grpc)
 *         .workload(Workload.constantUsers(10, Duration.ofSeconds(30)))
 *         .build()
 *         .run(args);
 * }</pre>
 */
package dev.loadkit.grpc;
