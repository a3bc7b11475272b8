package ${package};

import dev.loadkit.core.LoadTest;
import dev.loadkit.core.Task;
import dev.loadkit.core.ThinkTime;
import dev.loadkit.core.UserClass;
import dev.loadkit.core.Workload;
import dev.loadkit.http.Http;
import dev.loadkit.http.HttpRequest;

import java.time.Duration;

import static dev.loadkit.http.HttpChecks.responseTime;
import static dev.loadkit.http.HttpChecks.status;

/**
 * A load test of a web site: visitors open the home page and, less often, its health check. Point it at your
 * server with {@code --host http://HOST:PORT}; {@code --help} lists every option.
 */
public final class LoadTestMain {

    private LoadTestMain() {
    }

    /**
     * The test; a JUnit test can run it with {@code test().execute()} and assert on the summary.
     *
     * @return the test
     */
    public static LoadTest test() {
        Http http = Http.builder()
                .baseUrl("http://127.0.0.1:8080")         // --host replaces it
                .responseTimeout(Duration.ofSeconds(10))
                .build();
        HttpRequest home = http.get("/").name("home")
                .check(status().is(200), responseTime().lessThan(Duration.ofSeconds(1)));

        UserClass visitor = UserClass.named("visitor")
                .task(Task.of("home", home::run))
                .thinkTime(ThinkTime.between(Duration.ofSeconds(1), Duration.ofSeconds(2)))
                .build();

        return LoadTest.named("${artifactId}")
                .users(visitor)
                .protocol(http)
                .workload(Workload.users(10, 2, Duration.ofSeconds(30)))   // 10 users, 2 started per second, 30 s
                .threshold("http_req_duration: p(95)<500")
                .threshold("http_req_failed: rate<0.01")
                .build();
    }

    /**
     * Runs the test on loadkit's command line; the exit code is the verdict (0 passed, 1 a threshold failed,
     * 2 a usage error, 3 interrupted).
     *
     * @param args the command line, like {@code --host http://127.0.0.1:8080 --users 20 --run-time 1m --html report.html}
     */
    public static void main(String[] args) {
        test().run(args);
    }
}
