package app.citas.dev;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FreePortsTest {
    private static final Path RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");

    @Test
    void handsOutDistinctBindablePortsBelowTheEphemeralRange() throws Exception {
        int ephemeralLow = Files.isReadable(RANGE)
                ? Integer.parseInt(Files.readAllLines(RANGE).get(0).trim().split("\\s+")[0]) : 49_152;
        Set<Integer> ports = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            int port = FreePorts.pick();
            assertTrue(port < ephemeralLow, port + " is in the ephemeral range from " + ephemeralLow);
            try (ServerSocket socket = new ServerSocket(port)) {
                assertEquals(port, socket.getLocalPort());
            }
            ports.add(port);
        }
        assertEquals(20, ports.size(), "never the same port twice");
    }
}
