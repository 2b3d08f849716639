package fun.moonkey.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class NetworkRangeTest {

  @ParameterizedTest
  @CsvSource({
    "10.0.0.0/8, 10.255.1.2, true",
    "10.0.0.0/8, 11.0.0.1, false",
    "192.168.1.7, 192.168.1.7, true",
    "192.168.1.7, 192.168.1.8, false",
    "0.0.0.0/0, 203.0.113.9, true",
    "172.16.0.0/12, 172.31.255.255, true",
    "172.16.0.0/12, 172.32.0.0, false",
    "::1, ::1, true",
    "::1, 0:0:0:0:0:0:0:1, true",
    "'::1', '[::1]', true",
    "fd00::/8, fd12:3456::1, true",
    "fd00::/8, fe80::1, false",
    "127.0.0.1, ::ffff:127.0.0.1, true",
    "127.0.0.1, localhost, false",
    "127.0.0.1, '', false",
    "::1, 127.0.0.1, false"
  })
  void matchesPeerAddressLiterals(String range, String address, boolean expected) {
    assertEquals(expected, NetworkRange.parse(range).orElseThrow().contains(address));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"proxy.internal", "10.0.0.0/33", "::1/129", "10.0.0/8", "10.0.0.0/", "1.2.3.4/x"})
  void refusesWhatIsNotARange(String text) {
    assertEquals(Optional.empty(), NetworkRange.parse(text));
  }

  @ParameterizedTest
  @ValueSource(strings = {"10.0.0.0/8", "::1"})
  void showsItselfAsConfigured(String text) {
    assertTrue(NetworkRange.parse(text).orElseThrow().toString().equals(text));
  }
}
