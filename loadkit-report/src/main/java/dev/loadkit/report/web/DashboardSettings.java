package dev.loadkit.report.web;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Optional;

/**
 * How the dashboard serves, from {@code --web[=PORT]}, {@code --web-bind ADDR}, {@code --autostart} and
 * {@code --autoquit SECONDS}.
 *
 * @param bind the address to listen on: loopback unless {@code --web-bind}
 * @param port the port; 0 picks a free one
 * @param token what every request must carry when the dashboard is not on loopback, else null
 * @param autostart whether the run starts at once rather than from the page
 * @param autoquit how long the page stays after the run; empty until Ctrl-C
 */
record DashboardSettings(InetAddress bind, int port, String token, boolean autostart, Optional<Duration> autoquit) {
}
