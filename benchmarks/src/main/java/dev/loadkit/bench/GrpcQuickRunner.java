package dev.loadkit.bench;

import com.google.protobuf.DynamicMessage;
import dev.loadkit.core.ConfigurationException;
import dev.loadkit.core.LoadTest;
import dev.loadkit.core.Subcommand;
import dev.loadkit.core.Task;
import dev.loadkit.core.UserClass;
import dev.loadkit.core.internal.parse.DurationSyntax;
import dev.loadkit.grpc.Grpc;
import dev.loadkit.grpc.GrpcCall;
import dev.loadkit.grpc.GrpcMetrics;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code loadkit-bench.jar grpc TARGET --call package.Service/Method}: one gRPC method under load, as ghz
 * does, without generated code: the request is JSON, the schema comes from the server's reflection, a
 * descriptor set ({@code --protoset}) or a {@code .proto} file ({@code --proto}, compiled by {@code protoc}).
 * Streaming methods work too: a JSON array is a client stream's messages.
 */
@Command(name = "loadkit-bench grpc", sortOptions = false, usageHelpAutoWidth = true,
        description = "Loads one gRPC method and prints a wrk-like summary.",
        footer = {"", QuickRun.EXIT_CODES})
public final class GrpcQuickRunner implements Subcommand {

    /** Creates the command; {@link java.util.ServiceLoader} calls it. */
    public GrpcQuickRunner() {
    }

    @Parameters(index = "0", paramLabel = "TARGET",
            description = "grpc://host:port (plaintext), grpcs://host[:port] (TLS), or host:port (TLS unless --insecure).")
    String target;

    @Option(names = "--call", required = true, paramLabel = "package.Service/Method", description = "The method.")
    String call;

    @Option(names = {"-d", "--data"}, paramLabel = "JSON",
            description = "The request as JSON; for a client or bidi stream, an array is one message per element. Default {}.")
    String data = "{}";

    @Option(names = {"-z", "--duration"}, paramLabel = "DURATION", description = "How long, like 10s or 1m. Default 10s.")
    String duration = "10s";

    @Option(names = "--proto", paramLabel = "FILE", description = "The schema from a .proto file, compiled with protoc.")
    Path proto;

    @Option(names = {"-i", "--import-path"}, paramLabel = "DIR", description = "Where --proto's imports are; repeatable.")
    List<Path> importPaths = new ArrayList<>();

    @Option(names = "--protoc", paramLabel = "PATH", description = "The protoc executable for --proto. Default: protoc on the PATH.")
    String protoc = "protoc";

    @Option(names = "--protoset", paramLabel = "FILE",
            description = "The schema from a descriptor set (protoc --include_imports --descriptor_set_out=FILE)."
                    + " Without --proto or --protoset, the server's reflection gives it.")
    Path protoset;

    @Option(names = "--insecure", description = "Plaintext (no TLS) for a host:port target, as ghz's --insecure.")
    boolean insecure;

    @Option(names = "--skip-tls-verify", description = "TLS without verifying the server's certificate.")
    boolean skipTlsVerify;

    @Option(names = "--cacert", paramLabel = "FILE", description = "Trust the CAs of this PEM file instead of the JDK's.")
    Path caCertificates;

    @Option(names = {"-H", "--metadata"}, paramLabel = "'key: value'", description = "Metadata sent with each call; repeatable.")
    List<String> metadata = new ArrayList<>();

    @Option(names = {"-t", "--timeout"}, paramLabel = "DURATION", description = "The deadline of each call. Default 20s.")
    String timeout = "20s";

    @Mixin
    QuickRun.LoadOptions load = new QuickRun.LoadOptions();

    @Override
    public String name() {
        return "grpc";
    }

    @Override
    public String description() {
        return "Loads one gRPC method as ghz does: grpc TARGET --call pkg.Svc/Method [-d JSON] ...; grpc --help";
    }

    @Override
    public int run(String[] args, PrintStream out, PrintStream err) {
        return QuickRun.execute("grpc", this, runner -> runner.run(out), args, out, err);
    }

    private int run(PrintStream out) {
        if (proto != null && protoset != null) {
            throw new ConfigurationException("give --proto or --protoset, not both");
        }
        Grpc.Builder protocol = Grpc.builder().target(target).deadline(DurationSyntax.parse(timeout));
        if (insecure) {
            protocol.plaintext();
        }
        if (skipTlsVerify) {
            protocol.trustAllCertificates();
        }
        if (caCertificates != null) {
            protocol.trustedCertificates(caCertificates);
        }
        for (String entry : metadata) {
            int colon = entry.indexOf(':');
            if (colon < 1) {
                throw new ConfigurationException("metadata '" + entry + "' must be 'key: value'");
            }
            protocol.metadata(entry.substring(0, colon).trim().toLowerCase(java.util.Locale.ROOT), entry.substring(colon + 1).trim());
        }
        Path compiled = proto == null ? null : compile(proto);
        try {
            if (protoset != null || compiled != null) {
                protocol.descriptorSet(protoset != null ? protoset : compiled);
            }
            Grpc grpc = protocol.build();
            GrpcCall<DynamicMessage, DynamicMessage> request = grpc.dynamic(call).name(call).json(data).discardMessages();
            LoadTest test = LoadTest.named("grpc " + call)
                    .users(UserClass.named("client").task(Task.of("call", request::run)).build())
                    .protocol(grpc)
                    .workload(load.workload(DurationSyntax.parse(duration)))
                    .gracefulStop(Duration.ofSeconds(5))
                    .build();
            return QuickRun.run(test, load, duration, target + " " + call, GrpcMetrics.REQUESTS, out);
        } finally {
            if (compiled != null) {
                compiled.toFile().delete();
            }
        }
    }

    /** Compiles a .proto file into a temporary descriptor set with protoc. */
    private Path compile(Path file) {
        if (!Files.isReadable(file)) {
            throw new ConfigurationException("cannot read --proto " + file);
        }
        try {
            Path descriptors = Files.createTempFile("loadkit-", ".protoset");
            List<String> command = new ArrayList<>(List.of(protoc, "--include_imports", "--descriptor_set_out=" + descriptors));
            Path folder = file.toAbsolutePath().getParent();
            command.add("--proto_path=" + folder);
            importPaths.forEach(path -> command.add("--proto_path=" + path.toAbsolutePath()));
            command.add(folder.relativize(file.toAbsolutePath()).toString());
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).trim();
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                Files.deleteIfExists(descriptors);
                throw new ConfigurationException("protoc could not compile " + file + ": " + output.replace('\n', ' '));
            }
            return descriptors;
        } catch (IOException e) {
            throw new ConfigurationException("--proto needs protoc (" + protoc + ": " + e.getMessage()
                    + "); install it (apt-get install protobuf-compiler), name it with --protoc, or give --protoset");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConfigurationException("interrupted while compiling " + file);
        }
    }
}
