package fun.moonkey.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class DemoSettingsTest {

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {"  "})
  void unsetMeansTheDemoSignInIsOff(String value) {
    assertEquals(Optional.empty(), DemoSettings.parse(value).emulatorUrl());
  }

  @ParameterizedTest
  @ValueSource(strings = {"http://127.0.0.1:8081", "http://localhost:9000", "https://[::1]:8443"})
  void loopbackUrlsSwitchItOn(String value) {
    assertEquals(Optional.of(URI.create(value)), DemoSettings.parse(value).emulatorUrl());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://api.moonkey.fun",
        "https://evil.example:8081",
        "http://127.0.0.1.evil.example",
        "http://user@127.0.0.1:8081",
        "ftp://127.0.0.1",
        "127.0.0.1:8081",
        "javascript:alert(1)",
        "http://[bad"
      })
  void anythingElseStopsStartUpNamingTheSetting(String value) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> DemoSettings.parse(value));
    assertEquals(
        "sample.emulator-url: expected an http(s) URL on a loopback host such as"
            + " http://127.0.0.1:8081, got '"
            + value
            + "'",
        e.getMessage());
  }
}
