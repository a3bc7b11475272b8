package dev.loadkit.grpc.internal;

import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorSet;
import com.google.protobuf.Descriptors;
import com.google.protobuf.DynamicMessage;
import io.grpc.MethodDescriptor;
import io.grpc.protobuf.ProtoUtils;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * Methods known only by name ({@code package.Service/Method}), described by a descriptor set file or by the
 * server's reflection: their request and reply types become {@link DynamicMessage}s.
 */
public final class Schemas {

    private Schemas() {
    }

    /**
     * The service part of a full method name.
     *
     * @param fullMethod {@code package.Service/Method}, or {@code package.Service.Method} as ghz also takes
     * @return {@code package.Service}
     * @throws IllegalArgumentException when the name has no service and method
     */
    public static String serviceOf(String fullMethod) {
        return split(fullMethod)[0];
    }

    /**
     * Reads a descriptor set, as {@code protoc --include_imports --descriptor_set_out=FILE} writes it.
     *
     * @param file the file
     * @return its files' descriptors
     * @throws IllegalArgumentException when it cannot be read or is not a descriptor set
     */
    public static Collection<FileDescriptorProto> readDescriptorSet(Path file) {
        try {
            return FileDescriptorSet.parseFrom(Files.readAllBytes(file)).getFileList();
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read descriptor set " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Finds a method among the descriptors of some files, and describes it to grpc-java with dynamic messages.
     *
     * @param files the files, with every file they import
     * @param fullMethod {@code package.Service/Method}
     * @return the method
     * @throws IllegalArgumentException when the service or the method is not there, or a file's import is missing
     */
    public static MethodDescriptor<DynamicMessage, DynamicMessage> method(Collection<FileDescriptorProto> files, String fullMethod) {
        String[] parts = split(fullMethod);
        Map<String, FileDescriptorProto> byName = new HashMap<>();
        files.forEach(file -> byName.put(file.getName(), file));
        Map<String, Descriptors.FileDescriptor> built = new HashMap<>();
        for (FileDescriptorProto file : files) {
            Descriptors.ServiceDescriptor service = build(file.getName(), byName, built).findServiceByName(
                    simpleName(parts[0], file.getPackage()));
            if (service != null) {
                Descriptors.MethodDescriptor method = service.findMethodByName(parts[1]);
                if (method == null) {
                    throw new IllegalArgumentException("service " + parts[0] + " has no method " + parts[1] + "; it has "
                            + service.getMethods().stream().map(Descriptors.MethodDescriptor::getName).toList());
                }
                return grpcMethod(method);
            }
        }
        throw new IllegalArgumentException("no service " + parts[0] + " in the descriptors (files: " + byName.keySet() + ")");
    }

    private static String simpleName(String service, String filePackage) {
        if (filePackage.isEmpty()) {
            return service;
        }
        return service.startsWith(filePackage + ".") ? service.substring(filePackage.length() + 1) : "";
    }

    private static Descriptors.FileDescriptor build(String name, Map<String, FileDescriptorProto> byName,
                                                    Map<String, Descriptors.FileDescriptor> built) {
        Descriptors.FileDescriptor done = built.get(name);
        if (done != null) {
            return done;
        }
        FileDescriptorProto file = byName.get(name);
        if (file == null) {
            throw new IllegalArgumentException("the descriptors lack the imported file " + name
                    + " (write descriptor sets with protoc --include_imports)");
        }
        Descriptors.FileDescriptor[] dependencies = file.getDependencyList().stream()
                .map(dependency -> build(dependency, byName, built))
                .toArray(Descriptors.FileDescriptor[]::new);
        try {
            Descriptors.FileDescriptor descriptor = Descriptors.FileDescriptor.buildFrom(file, dependencies);
            built.put(name, descriptor);
            return descriptor;
        } catch (Descriptors.DescriptorValidationException e) {
            throw new IllegalArgumentException("invalid descriptor " + name + ": " + e.getMessage(), e);
        }
    }

    private static MethodDescriptor<DynamicMessage, DynamicMessage> grpcMethod(Descriptors.MethodDescriptor method) {
        MethodDescriptor.MethodType type = method.isClientStreaming()
                ? method.isServerStreaming() ? MethodDescriptor.MethodType.BIDI_STREAMING : MethodDescriptor.MethodType.CLIENT_STREAMING
                : method.isServerStreaming() ? MethodDescriptor.MethodType.SERVER_STREAMING : MethodDescriptor.MethodType.UNARY;
        return MethodDescriptor.<DynamicMessage, DynamicMessage>newBuilder()
                .setType(type)
                .setFullMethodName(MethodDescriptor.generateFullMethodName(method.getService().getFullName(), method.getName()))
                .setRequestMarshaller(ProtoUtils.marshaller(DynamicMessage.getDefaultInstance(method.getInputType())))
                .setResponseMarshaller(ProtoUtils.marshaller(DynamicMessage.getDefaultInstance(method.getOutputType())))
                .build();
    }

    private static String[] split(String fullMethod) {
        int slash = fullMethod.lastIndexOf('/');
        int cut = slash >= 0 ? slash : fullMethod.lastIndexOf('.');
        if (cut <= 0 || cut == fullMethod.length() - 1) {
            throw new IllegalArgumentException("'" + fullMethod + "' is not a method name: write package.Service/Method");
        }
        return new String[]{fullMethod.substring(0, cut), fullMethod.substring(cut + 1)};
    }
}
