package dev.loadkit.grpc.internal;

import com.google.protobuf.ByteString;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.InvalidProtocolBufferException;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;
import reactor.core.publisher.Mono;

import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Asks a server for the descriptors of a service and of every file they import, by the server reflection
 * protocol (as grpcurl and ghz do): {@code grpc.reflection.v1}, else the older {@code v1alpha}, whose
 * messages are the same on the wire.
 */
public final class ReflectionClient {

    private static final long DEADLINE_SECONDS = 10;
    private static final MethodDescriptor<ServerReflectionRequest, ServerReflectionResponse> V1 =
            ServerReflectionGrpc.getServerReflectionInfoMethod();
    private static final MethodDescriptor<ServerReflectionRequest, ServerReflectionResponse> V1_ALPHA = V1.toBuilder()
            .setFullMethodName("grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo").build();

    private ReflectionClient() {
    }

    /**
     * The descriptors of a service's file and of the files it imports.
     *
     * @param channel the server's channel
     * @param service the service's full name, {@code package.Service}
     * @return the files; fails when the server has no reflection or no such service
     */
    public static Mono<Collection<FileDescriptorProto>> fetch(Channel channel, String service) {
        return fetch(channel, service, V1).onErrorResume(ReflectionClient::unimplemented, e -> fetch(channel, service, V1_ALPHA))
                .onErrorMap(StatusRuntimeException.class, e -> new IllegalStateException(
                        e.getStatus().getCode() == Status.Code.UNIMPLEMENTED
                                ? "the server does not offer reflection; give the schema as a descriptor set"
                                : "reflection failed: " + e.getStatus().getCode() + " " + e.getStatus().getDescription(), e));
    }

    private static boolean unimplemented(Throwable error) {
        return error instanceof StatusRuntimeException e && e.getStatus().getCode() == Status.Code.UNIMPLEMENTED;
    }

    private static Mono<Collection<FileDescriptorProto>> fetch(Channel channel, String service,
                                                               MethodDescriptor<ServerReflectionRequest, ServerReflectionResponse> method) {
        return Mono.create(sink -> {
            Map<String, FileDescriptorProto> files = new LinkedHashMap<>();
            Set<String> requested = new HashSet<>();
            int[] outstanding = {1};
            Object lock = new Object();
            @SuppressWarnings("unchecked")
            StreamObserver<ServerReflectionRequest>[] requests = new StreamObserver[1];
            StreamObserver<ServerReflectionResponse> replies = new StreamObserver<>() {
                @Override
                public void onNext(ServerReflectionResponse response) {
                    synchronized (lock) {
                        if (response.hasErrorResponse()) {
                            sink.error(new IllegalStateException("reflection: " + response.getErrorResponse().getErrorMessage()
                                    + " (" + Status.fromCodeValue(response.getErrorResponse().getErrorCode()).getCode() + ")"));
                            requests[0].onError(Status.CANCELLED.withDescription("reflection failed").asRuntimeException());
                            return;
                        }
                        try {
                            for (ByteString bytes : response.getFileDescriptorResponse().getFileDescriptorProtoList()) {
                                FileDescriptorProto file = FileDescriptorProto.parseFrom(bytes);
                                files.put(file.getName(), file);
                            }
                        } catch (InvalidProtocolBufferException e) {
                            sink.error(new IllegalStateException("reflection sent an invalid descriptor: " + e.getMessage(), e));
                            requests[0].onError(Status.CANCELLED.withDescription("invalid descriptor").asRuntimeException());
                            return;
                        }
                        for (FileDescriptorProto file : List.copyOf(files.values())) {
                            for (String dependency : file.getDependencyList()) {
                                if (!files.containsKey(dependency) && requested.add(dependency)) {
                                    outstanding[0]++;
                                    requests[0].onNext(ServerReflectionRequest.newBuilder().setFileByFilename(dependency).build());
                                }
                            }
                        }
                        if (--outstanding[0] == 0) {
                            requests[0].onCompleted();
                        }
                    }
                }

                @Override
                public void onError(Throwable error) {
                    sink.error(error);
                }

                @Override
                public void onCompleted() {
                    synchronized (lock) {
                        sink.success(List.copyOf(files.values()));
                    }
                }
            };
            synchronized (lock) {
                requests[0] = ClientCalls.asyncBidiStreamingCall(
                        channel.newCall(method, CallOptions.DEFAULT.withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS)), replies);
                requests[0].onNext(ServerReflectionRequest.newBuilder().setFileContainingSymbol(service).build());
            }
        });
    }
}
