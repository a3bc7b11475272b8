package example;

import dev.loadkit.core.LoadTest;
import dev.loadkit.core.Task;
import dev.loadkit.core.UserClass;
import dev.loadkit.core.Workload;
import dev.loadkit.http.Body;
import dev.loadkit.http.Http;
import dev.loadkit.http.HttpRequest;

import java.time.Duration;
import java.util.Map;

import static dev.loadkit.http.HttpChecks.jsonPath;
import static dev.loadkit.http.HttpChecks.jsonPointer;
import static dev.loadkit.http.HttpChecks.responseTime;
import static dev.loadkit.http.HttpChecks.status;

/**
 * VMs created, started and read over NovaCron's REST API. Its target is the NovaCron simulator:
 * {@code java -jar scenarios-novacron/target/scenarios-novacron.jar target --port 8090}, or any {@code --host}.
 */
public final class VmTest {

    private VmTest() {
    }

    /**
     * The test.
     *
     * @return the test
     */
    public static LoadTest test() {
        Http http = Http.builder()
                .baseUrl("http://127.0.0.1:8090")               // or leave it out and pass --host
                .header("Accept", "application/json")
                .responseTimeout(Duration.ofSeconds(10))
                .build();

        HttpRequest createVm = http.post("/api/vms").name("create vm")
                .body(Body.json(session -> Map.of("name", "vm-" + session.userId())))
                .check(status().is(200), jsonPointer("/id").saveAs("vmId"));         // correlation
        HttpRequest startVm = http.post("/api/vms/{vmId}/start").name("start vm")   // {vmId} from the session
                .check(status().is(200));
        HttpRequest getVm = http.get("/api/vms/{vmId}").name("get vm")
                .check(status().is(200), jsonPath("$.state").isOneOf("starting", "running"),
                        responseTime().lessThan(Duration.ofSeconds(2)));

        UserClass automation = UserClass.named("automation")
                .task(Task.of("create and start", s -> createVm.run(s).then(startVm.run(s)).then(getVm.run(s))).tags("write", "vm"))
                .build();

        return LoadTest.named("vms").users(automation).protocol(http)
                .workload(Workload.constantUsers(10, Duration.ofMinutes(1)))
                .threshold("http_req_duration{name:create vm}: p(95)<500")
                .threshold("http_req_failed: rate<0.01")
                .threshold("checks: rate>0.99")
                .build();
    }

    /**
     * Runs the test on the shared command line.
     *
     * @param args the command line
     */
    public static void main(String[] args) {
        test().run(args);
    }
}
