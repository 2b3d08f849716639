package fun.moonkey.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fun.moonkey.config.MoonKeyConfig;
import fun.moonkey.servlet.ServletLogoutRequest;
import fun.moonkey.testing.Allocations;
import fun.moonkey.testing.StubServletRequest;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The cookie deletions of a servlet request depend only on the configuration, the context path,
 * whether the request is secure and the container's session-cookie configuration: they are built
 * once for each, not for every logout.
 */
class CookieExpiryAllocationTest {

  private static final String EXPIRED = "=; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT";

  @Test
  void deletionsOfAServletRequestAllocateLessThan200Bytes() {
    CookieExpiry expiry = new CookieExpiry(MoonKeyConfig.builder().secretKey("sk_test_x1").build());
    ServletLogoutRequest request =
        new ServletLogoutRequest(
            new StubServletRequest("POST", "shop.example", "/app")
                .sessionCookieAttribute("SameSite", "Strict"),
            false);
    assertEquals(
        List.of(
            "session_token" + EXPIRED + "; Path=/app; HttpOnly; SameSite=Lax",
            "JSESSIONID" + EXPIRED + "; Path=/app; HttpOnly; SameSite=Strict"),
        expiry.headers(request));
    long bytes = Allocations.perCall(50_000, () -> expiry.headers(request));
    System.out.println("cookie deletions of a servlet request: " + bytes + " bytes");
    assertTrue(bytes < 200, bytes + " bytes per logout");
  }
}
