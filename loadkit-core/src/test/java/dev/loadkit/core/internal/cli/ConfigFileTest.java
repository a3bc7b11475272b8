package dev.loadkit.core.internal.cli;

import dev.loadkit.core.ConfigurationException;
import dev.loadkit.core.RunProfile;
import dev.loadkit.core.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigFileTest {

    @TempDir
    Path folder;

    private Path file(String yaml) throws IOException {
        return Files.writeString(folder.resolve("config.yaml"), yaml);
    }

    @Test
    void readsEveryKey() throws IOException {
        RunFlags flags = ConfigFile.read(file("""
                users: 100
                spawn-rate: 10
                run-time: 5m
                stage: [30s:20, 1m:200]
                rate: 12.5
                profile: stress
                host: http://127.0.0.1:8080
                tags: read,write
                exclude-tags: [slow]
                env: {TOKEN: abc, RETRIES: 3}
                thresholds: ["http_req_duration: p(95)<500"]
                json: out.json
                headless: true
                quiet: false
                """), Set.of("json"), null).flags();

        assertThat(flags.users()).isEqualTo(100);
        assertThat(flags.spawnRate()).isEqualTo(10.0);
        assertThat(flags.runTime()).isEqualTo(Duration.ofMinutes(5));
        assertThat(flags.stages()).containsExactly(Stage.of(Duration.ofSeconds(30), 20), Stage.of(Duration.ofMinutes(1), 200));
        assertThat(flags.rate()).isEqualTo(12.5);
        assertThat(flags.profile()).isEqualTo("stress");
        assertThat(flags.host()).isEqualTo("http://127.0.0.1:8080");
        assertThat(flags.tags()).containsExactly("read", "write");
        assertThat(flags.excludedTags()).containsExactly("slow");
        assertThat(flags.variables()).isEqualTo(Map.of("TOKEN", "abc", "RETRIES", "3"));
        assertThat(flags.thresholds()).containsExactly("http_req_duration: p(95)<500");
        assertThat(flags.outputs()).isEqualTo(Map.of("json", "out.json"));
        assertThat(flags.headless()).isTrue();
        assertThat(flags.quiet()).isFalse();
    }

    @Test
    void anEnvironmentLaysItsHostAndVariablesOverTheFile() throws IOException {
        Path config = file("""
                host: http://127.0.0.1:1
                env: {TENANT: default, LEVEL: 1}
                environments:
                  staging: {host: http://127.0.0.2:8080, env: {TENANT: qa}}
                """);

        RunFlags staging = ConfigFile.read(config, Set.of(), "staging").flags();
        assertThat(staging.host()).isEqualTo("http://127.0.0.2:8080");
        assertThat(staging.variables()).isEqualTo(Map.of("TENANT", "qa", "LEVEL", "1"));
        assertThat(staging.environment()).isEqualTo("staging");

        assertThatThrownBy(() -> ConfigFile.read(config, Set.of(), "production"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("config file " + config + " has no environment 'production'; it has: staging");
    }

    @Test
    void commandLineFlagsWinOverTheFile() throws IOException {
        RunFlags file = ConfigFile.read(file("users: 5\nrun-time: 1m\nthresholds: [\"a: count>1\"]\n"), Set.of(), null).flags();
        RunFlags commandLine = new RunFlags(7, null, null, null, null, null, null, null, null, null,
                Map.of(), List.of("b: count>1"), Map.of(), null, null, null, null);

        RunFlags merged = commandLine.over(file);

        assertThat(merged.users()).isEqualTo(7);
        assertThat(merged.runTime()).isEqualTo(Duration.ofMinutes(1));
        assertThat(merged.thresholds()).containsExactly("a: count>1", "b: count>1");
    }

    @Test
    void wrongTypesSayWhatIsExpected() throws IOException {
        Path config = file("users: many\n");
        assertThatThrownBy(() -> ConfigFile.read(config, Set.of(), null))
                .hasMessage("config file " + config + ": 'users' must be a whole number of at least 1");
        Path env = file("env: [a, b]\n");
        assertThatThrownBy(() -> ConfigFile.read(env, Set.of(), null))
                .hasMessage("config file " + env + ": 'env' must be a mapping of variable names to values");
    }

    @Test
    void profilesAndEnvironmentThresholds() throws IOException {
        Path config = file("""
                environments:
                  prod: {host: grpcs://127.0.0.3:443, env: {grpc.tls: true}, thresholds: ["grpc_req_failed: rate<0.005"]}
                profiles:
                  nightly: {description: Nightly run, users: 50, spawn-rate: 5, run-time: 20m, host: http://127.0.0.4,
                            thresholds: ["grpc_reqs: rate>10"]}
                """);

        ConfigFile.Contents read = ConfigFile.read(config, Set.of(), "prod");

        assertThat(read.flags().thresholds()).containsExactly("grpc_req_failed: rate<0.005");
        assertThat(read.flags().variables()).containsEntry("grpc.tls", "true");
        RunProfile nightly = read.profiles().get("nightly");
        assertThat(nightly.users()).isEqualTo(50);
        assertThat(nightly.spawnRate()).isEqualTo(5.0);
        assertThat(nightly.runTime()).isEqualTo(Duration.ofMinutes(20));
        assertThat(nightly.host()).contains("http://127.0.0.4");
        assertThat(nightly.thresholds()).containsExactly("grpc_reqs: rate>10");
        assertThat(nightly.description()).isEqualTo("Nightly run");
    }

    @Test
    void aProfileMistakeIsOneLineNamingTheKey() throws IOException {
        Path unknown = file("profiles:\n  p: {users: 5, spawn-rate: 1, run-time: 1m, speed: 3}\n");
        assertThatThrownBy(() -> ConfigFile.read(unknown, Set.of(), null))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("config file " + unknown + ": unknown key 'profiles.p.speed'; a profile has description, host, "
                        + "run-time, spawn-rate, thresholds, users");
        Path missing = file("profiles:\n  p: {users: 5}\n");
        assertThatThrownBy(() -> ConfigFile.read(missing, Set.of(), null))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("config file " + missing + ": 'profiles.p' must be a mapping with at least users, spawn-rate and run-time");
        Path badThreshold = file("profiles:\n  p: {users: 5, spawn-rate: 1, run-time: 1m, thresholds: [\"nonsense\"]}\n");
        assertThatThrownBy(() -> ConfigFile.read(badThreshold, Set.of(), null))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("config file " + badThreshold + ": ");
    }
}
