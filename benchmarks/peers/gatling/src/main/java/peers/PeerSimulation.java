package peers;

import static io.gatling.javaapi.core.CoreDsl.constantConcurrentUsers;
import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import java.time.Duration;

/**
 * The peer scenario for Gatling: one URL, either a closed model (-Dusers=N users, each sending its next request
 * when the last one answered, on a keep-alive connection of its own) or an open model (-Drate=R requests per
 * second, each by a new user over shared connections), for -Dseconds=S. Gatling's warm-up request (to an outside
 * URL) is disabled.
 */
public class PeerSimulation extends Simulation {

    private static final String URL = System.getProperty("url", "http://127.0.0.1:18080/index.html");
    private static final int SECONDS = Integer.getInteger("seconds", 10);
    private static final int USERS = Integer.getInteger("users", 50);
    private static final double RATE = Double.parseDouble(System.getProperty("rate", "0"));

    {
        HttpProtocolBuilder protocol = http.disableWarmUp().disableCaching();
        if (RATE > 0) {
            ScenarioBuilder open = scenario("open").exec(http("get").get(URL));
            setUp(open.injectOpen(constantUsersPerSec(RATE).during(Duration.ofSeconds(SECONDS))))
                    .protocols(protocol.shareConnections());
        } else {
            ScenarioBuilder closed = scenario("closed").forever().on(exec(http("get").get(URL)));
            setUp(closed.injectClosed(constantConcurrentUsers(USERS).during(Duration.ofSeconds(SECONDS))))
                    .protocols(protocol).maxDuration(Duration.ofSeconds(SECONDS));
        }
    }
}
