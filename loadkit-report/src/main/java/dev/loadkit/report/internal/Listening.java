package dev.loadkit.report.internal;

import dev.loadkit.core.ConfigurationException;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/** Where a server of the run (the dashboard, Prometheus's endpoint) listens, and the one-line error when it cannot. */
public final class Listening {

    private Listening() {
    }

    /**
     * A literal IP address to listen on; never a name, which would be looked up elsewhere.
     *
     * @param text the address as given
     * @return the address
     * @throws UnknownHostException when the text is not a literal IPv4 or IPv6 address
     */
    public static InetAddress literalAddress(String text) throws UnknownHostException {
        if (!text.matches("[0-9.]+|[0-9a-fA-F:]*:[0-9a-fA-F:.]*")) {
            throw new UnknownHostException(text);
        }
        return InetAddress.getByName(text);
    }

    /**
     * What to fix when a server cannot listen: a port in use, or an address that is not this machine's.
     *
     * @param option the option that asked for the server, like {@code --web}
     * @param address where it was to listen
     * @param cause why it cannot
     * @return the error
     */
    public static ConfigurationException refused(String option, InetSocketAddress address, IOException cause) {
        String where = (address.getAddress().getHostAddress().contains(":") ? "[" + address.getAddress().getHostAddress() + "]"
                : address.getAddress().getHostAddress()) + ":" + address.getPort();
        String fix = cause instanceof BindException && String.valueOf(cause.getMessage()).contains("in use")
                ? "pick a free port with " + option + "=PORT"
                : "give an address of this machine (like 127.0.0.1 or 0.0.0.0) and a free port";
        return new ConfigurationException(option + ": cannot listen on " + where + " (" + cause.getMessage() + "); " + fix);
    }
}
