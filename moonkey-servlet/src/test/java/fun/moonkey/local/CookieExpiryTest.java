package fun.moonkey.local;

import static org.junit.jupiter.api.Assertions.assertEquals;

import fun.moonkey.config.ConfigKeys;
import fun.moonkey.config.CookieSpec;
import fun.moonkey.config.MoonKeyConfig;
import fun.moonkey.logout.FakeRequest;
import java.util.List;
import org.junit.jupiter.api.Test;

class CookieExpiryTest {

  private static final String EXPIRED = "=; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT";

  private static MoonKeyConfig config(String expireCookies) {
    MoonKeyConfig.Builder builder = MoonKeyConfig.builder().secretKey("sk_test_x1");
    if (expireCookies != null) {
      builder.set(ConfigKeys.EXPIRE_COOKIES, expireCookies);
    }
    return builder.build();
  }

  @Test
  void defaultsExpireTokenAndSessionCookieOnTheContextPath() {
    FakeRequest request =
        new FakeRequest()
            .contextPath("/app")
            .sessionCookie(new CookieSpec("JSESSIONID", null, null, false, true, null, false));
    assertEquals(
        List.of(
            "session_token" + EXPIRED + "; Path=/app; HttpOnly; SameSite=Lax",
            "JSESSIONID" + EXPIRED + "; Path=/app; HttpOnly"),
        new CookieExpiry(config(null)).headers(request));
  }

  @Test
  void rootContextUsesSlashAndSecureRequestsAddSecure() {
    FakeRequest request = new FakeRequest().secure(true);
    assertEquals(
        List.of("session_token" + EXPIRED + "; Path=/; Secure; HttpOnly; SameSite=Lax"),
        new CookieExpiry(config(null)).headers(request));
  }

  @Test
  void configuredCookiesRepeatPathDomainAndAttributes() {
    FakeRequest request = new FakeRequest().contextPath("/app");
    assertEquals(
        List.of(
            "a" + EXPIRED + "; Path=/; Domain=example.com; HttpOnly; SameSite=Lax",
            "a" + EXPIRED + "; Path=/app; HttpOnly; SameSite=Lax",
            "__Host-b" + EXPIRED + "; Path=/; Secure; HttpOnly; SameSite=Strict",
            "__Secure-c" + EXPIRED + "; Path=/app; Secure; SameSite=Lax",
            "d" + EXPIRED + "; Path=/app; Secure; HttpOnly; SameSite=None; Partitioned"),
        new CookieExpiry(
                config(
                    "a;path=/;domain=example.com, a, __Host-b;samesite=strict,"
                        + " __Secure-c;httponly=false, d;samesite=None;partitioned"))
            .headers(request));
  }

  @Test
  void exactlyOneDeletionPerNameDomainPathAndPartition() {
    FakeRequest request = new FakeRequest();
    assertEquals(
        List.of(
            "a" + EXPIRED + "; Path=/; HttpOnly; SameSite=Lax",
            "a" + EXPIRED + "; Path=/; Secure; HttpOnly; SameSite=Lax; Partitioned"),
        new CookieExpiry(config("a, a;path=/, a;partitioned")).headers(request));
  }
}
