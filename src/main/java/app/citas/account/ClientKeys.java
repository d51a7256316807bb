package app.citas.account;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HexFormat;

/** How an anonymous client is keyed: its IPv4 address, or the /64 network of its IPv6 address. */
public final class ClientKeys {
    private ClientKeys() {
    }

    public static String of(String remoteAddress) {
        if (remoteAddress == null || remoteAddress.indexOf(':') < 0) {
            return remoteAddress == null ? "unknown" : remoteAddress;
        }
        try {
            // A literal address: no name lookup happens.
            InetAddress address = InetAddress.getByName(remoteAddress);
            if (address instanceof Inet6Address) {
                byte[] bytes = address.getAddress();
                return HexFormat.of().formatHex(bytes, 0, 8) + "::/64";
            }
            return address.getHostAddress();
        } catch (UnknownHostException e) {
            return remoteAddress;
        }
    }
}
