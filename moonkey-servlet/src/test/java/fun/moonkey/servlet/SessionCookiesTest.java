package fun.moonkey.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fun.moonkey.config.CookieSpec;
import fun.moonkey.testing.Allocations;
import fun.moonkey.testing.StubServletRequest;
import jakarta.servlet.SessionCookieConfig;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SessionCookiesTest {

  private static SessionCookieConfig config(String sameSite) {
    return new StubServletRequest("POST", "shop.example", "")
        .sessionCookieAttribute("SameSite", sameSite)
        .sessionCookieAttribute("Partitioned", "")
        .getServletContext()
        .getSessionCookieConfig();
  }

  @Test
  void eachConfigurationIsReadAsTheContainerSetsIt() {
    assertEquals(
        Optional.of(new CookieSpec("JSESSIONID", null, null, false, true, "Strict", true)),
        SessionCookies.of(config("Strict")));
    assertEquals(
        Optional.of(new CookieSpec("JSESSIONID", null, null, false, true, "None", true)),
        SessionCookies.of(config("None")));
  }

  @Test
  void aConfigurationReadBeforeCostsNoAllocation() {
    SessionCookieConfig config = config("Lax");
    long bytes = Allocations.perCall(50_000, () -> SessionCookies.of(config));
    System.out.println("session cookie of a known configuration: " + bytes + " bytes");
    assertTrue(bytes < 16, bytes + " bytes per read");
  }
}
