package app.citas.warmup;

import java.net.URI;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Where this node's own HTTP connector answers on this machine: the port and address {@code bin/setenv.sh} passes to
 * {@code server.xml} as system properties, a wildcard address reached through loopback.
 */
record LoopbackConnector(String host, int port) {
    static final String PORT_PROPERTY = "citas.http.port";
    static final String ADDRESS_PROPERTY = "citas.http.address";

    /** From the system properties; empty when no port is set (an embedded container, a test). */
    static Optional<LoopbackConnector> fromProperties(UnaryOperator<String> properties) {
        String port = properties.apply(PORT_PROPERTY);
        if (port == null || !port.matches("[0-9]{1,5}")) {
            return Optional.empty();
        }
        String address = properties.apply(ADDRESS_PROPERTY);
        String host = address == null || address.isBlank() || address.equals("0.0.0.0") || address.equals("::")
                ? "127.0.0.1" : address.contains(":") ? "[" + address + "]" : address;
        return Optional.of(new LoopbackConnector(host, Integer.parseInt(port)));
    }

    /** @param path the API root's path, such as {@code /citas/api/v1} */
    URI apiRoot(String path) {
        return URI.create("http://" + host + ":" + port + path + "/");
    }
}
