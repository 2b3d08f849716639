package fun.moonkey.sample;

import jakarta.servlet.ServletContext;
import java.net.URI;
import java.util.Optional;
import java.util.Set;

/**
 * Whether the pages offer the demo sign-in through a MoonKey emulator, and where it is.
 *
 * <p>Off unless the setting {@value #EMULATOR_URL} is given as a system property or a
 * context-param; the dev launcher sets it when it starts an emulator. The name is deliberately not
 * a {@code moonkey.*} key: it is the sample's, not the library's. Only an {@code http(s)} URL on a
 * loopback host is accepted, anything else stops the application at start-up, so a deployed WAR can
 * never send its users' browsers to a sign-in page that is not MoonKey's.
 *
 * @param emulatorUrl the emulator's base URL, or empty when the demo sign-in is off
 */
public record DemoSettings(Optional<URI> emulatorUrl) {

  /** System property or context-param naming the emulator's base URL. */
  public static final String EMULATOR_URL = "sample.emulator-url";

  private static final Set<String> LOOPBACK = Set.of("127.0.0.1", "localhost", "[::1]");

  static DemoSettings from(ServletContext context) {
    String value = System.getProperty(EMULATOR_URL);
    if (value == null || value.isBlank()) {
      value = context.getInitParameter(EMULATOR_URL);
    }
    return parse(value);
  }

  /**
   * Parses the setting.
   *
   * @param value the setting, or {@code null}/blank when unset
   * @return the settings
   * @throws IllegalArgumentException when set to anything but an http(s) URL on a loopback host
   */
  public static DemoSettings parse(String value) {
    if (value == null || value.isBlank()) {
      return new DemoSettings(Optional.empty());
    }
    URI uri;
    try {
      uri = new URI(value.strip());
    } catch (java.net.URISyntaxException e) {
      throw invalid(value);
    }
    if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
        || uri.getHost() == null
        || uri.getUserInfo() != null
        || !LOOPBACK.contains(uri.getHost())) {
      throw invalid(value);
    }
    return new DemoSettings(Optional.of(uri));
  }

  private static IllegalArgumentException invalid(String value) {
    return new IllegalArgumentException(
        EMULATOR_URL
            + ": expected an http(s) URL on a loopback host such as http://127.0.0.1:8081, got '"
            + value.replaceAll("[\\r\\n]", "?")
            + "'");
  }
}
