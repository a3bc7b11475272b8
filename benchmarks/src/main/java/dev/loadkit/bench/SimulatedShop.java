package dev.loadkit.bench;

import dev.loadkit.core.LoadTest;
import dev.loadkit.core.Profile;
import dev.loadkit.core.Stage;
import dev.loadkit.core.Task;
import dev.loadkit.core.ThinkTime;
import dev.loadkit.core.UserClass;
import dev.loadkit.core.Workload;
import dev.loadkit.core.sim.SimulatedService;

import java.time.Duration;

/**
 * A web shop against a simulated service: browsers (three of every four users) list and view products,
 * buyers log in once and check out in a group. It shows the whole model without a network: weights,
 * tags, think time, checks, groups, thresholds and profiles.
 */
public final class SimulatedShop {

    private SimulatedShop() {
    }

    /**
     * The test.
     *
     * @return the shop's load test
     */
    public static LoadTest loadTest() {
        SimulatedService shop = SimulatedService.builder()
                .latency(Duration.ofMillis(20))
                .failureRate(0.001)
                .build();

        UserClass browser = UserClass.named("browser")
                .weight(3)
                .task(Task.of("list products", session -> shop.call(session, "list products")
                        .map(ok -> session.check("list answered", ok))).weight(5).tags("read"))
                .task(Task.of("view product", session -> shop.call(session, "view product")).weight(3).tags("read"))
                .thinkTime(ThinkTime.between(Duration.ofMillis(200), Duration.ofMillis(600)))
                .build();

        UserClass buyer = UserClass.named("buyer")
                .weight(1)
                .onStart(session -> shop.call(session, "log in"))
                .task(Task.of("checkout", session -> session.group("checkout", () -> shop.call(session, "add to cart")
                        .then(shop.call(session, "pay"))
                        .map(ok -> session.check("payment accepted", ok)))).tags("write"))
                .thinkTime(ThinkTime.pacing(Duration.ofSeconds(1)))
                .build();

        return LoadTest.named("shop")
                .users(browser, buyer)
                .protocol(shop)
                .workload(Workload.rampingUsers(Stage.of(Duration.ofSeconds(5), 40), Stage.of(Duration.ofSeconds(25), 40)))
                .profile(Profile.SMOKE, Workload.constantUsers(2, Duration.ofSeconds(10)))
                .threshold("sim_req_duration: p(95)<100")
                .threshold("sim_req_duration{name:pay}: p(99)<200")
                .threshold("sim_req_failed: rate<0.01")
                .threshold("checks: rate>0.99")
                .gracefulStop(Duration.ofSeconds(5))
                .build();
    }
}
