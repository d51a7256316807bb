package app.citas.account;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ClientKeysTest {
    @Test
    void ipv4AddressesAreTheirOwnKey() {
        assertEquals("203.0.113.7", ClientKeys.of("203.0.113.7"));
    }

    @Test
    void ipv6AddressesAreKeyedByTheirSlash64() {
        String a = ClientKeys.of("2001:db8:1234:5678:aaaa:bbbb:cccc:dddd");
        String b = ClientKeys.of("2001:db8:1234:5678::1");
        assertEquals("20010db812345678::/64", a);
        assertEquals(a, b, "one /64 network, one bucket");
        assertEquals("20010db812345679::/64", ClientKeys.of("2001:db8:1234:5679::1"));
    }

    @Test
    void missingAddressIsKeyedAsUnknown() {
        assertEquals("unknown", ClientKeys.of(null));
    }
}
