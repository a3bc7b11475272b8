package example;

import dev.loadkit.core.LoadTest;
import dev.loadkit.core.Task;
import dev.loadkit.core.ThinkTime;
import dev.loadkit.core.UserClass;
import dev.loadkit.core.Workload;
import dev.loadkit.core.sim.SimulatedService;

import java.time.Duration;

/** Browsers and buyers of a shop, on the built-in simulated service: runs without a target. */
public final class ShopTest {

    private ShopTest() {
    }

    /**
     * The test; JUnit can run it with {@code execute()}.
     *
     * @return the test
     */
    public static LoadTest test() {
        SimulatedService shop = SimulatedService.builder().latency(Duration.ofMillis(20)).build();

        UserClass browser = UserClass.named("browser")
                .weight(3)                                           // 3 of every 4 users
                .task(Task.of("list products", s -> shop.call(s, "list products")).weight(5).tags("read"))
                .task(Task.of("view product", s -> shop.call(s, "view product")).tags("read"))
                .thinkTime(ThinkTime.between(Duration.ofSeconds(1), Duration.ofSeconds(3)))
                .build();

        UserClass buyer = UserClass.named("buyer")
                .weight(1)
                .onStart(s -> shop.call(s, "log in"))                // once per virtual user
                .task(Task.of("checkout", s -> s.group("checkout", () -> shop.call(s, "pay")
                        .map(ok -> s.check("payment accepted", ok)))).tags("write"))
                .thinkTime(ThinkTime.pacing(Duration.ofSeconds(5)))  // one checkout every 5 s
                .build();

        return LoadTest.named("shop")
                .users(browser, buyer)
                .protocol(shop)
                .workload(Workload.users(100, 10, Duration.ofMinutes(5)))   // 100 users, 10/s, 5 minutes
                .threshold("sim_req_duration: p(95)<500")
                .threshold("sim_req_duration{name:pay}: p(99)<1000")
                .threshold("sim_req_failed: rate<0.01")
                .build();
    }

    /**
     * Runs the test on the shared command line: {@code --users}, {@code --run-time}, {@code --json}, ...
     *
     * @param args the command line
     */
    public static void main(String[] args) {
        test().run(args);     // exits 0 when the thresholds pass, 1 when one fails, 2 for a usage error, 3 on Ctrl-C
    }
}
