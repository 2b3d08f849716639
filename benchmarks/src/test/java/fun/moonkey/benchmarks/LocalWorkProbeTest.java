package fun.moonkey.benchmarks;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LocalWorkProbeTest {

  @Test
  void maxAgeZeroExpires() {
    assertTrue(LocalWorkProbe.expires("session_token=; Path=/app; Max-Age=0; HttpOnly"));
  }

  @Test
  void anExpiresInThePastExpires() {
    // What Spring Security's CookieClearingLogoutHandler gets from Jetty.
    assertTrue(
        LocalWorkProbe.expires("JSESSIONID=; Path=/app; Expires=Thu, 01 Jan 1970 00:00:00 GMT"));
  }

  @Test
  void aLiveCookieDoesNotExpire() {
    assertFalse(LocalWorkProbe.expires("JSESSIONID=node01abc; Path=/app"));
    assertFalse(LocalWorkProbe.expires("JSESSIONID=node01abc; Path=/app; Max-Age=1800"));
    assertFalse(
        LocalWorkProbe.expires("JSESSIONID=node01abc; Expires=Fri, 01 Jan 2100 00:00:00 GMT"));
    assertFalse(LocalWorkProbe.expires("JSESSIONID=x; Expires=not a date"));
  }
}
