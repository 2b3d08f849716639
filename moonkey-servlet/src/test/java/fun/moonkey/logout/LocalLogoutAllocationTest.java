package fun.moonkey.logout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fun.moonkey.answer.LogoutResponder;
import fun.moonkey.answer.LogoutResult;
import fun.moonkey.answer.LogoutSummary;
import fun.moonkey.answer.ResponseMode;
import fun.moonkey.config.MoonKeyConfig;
import fun.moonkey.config.Scope;
import fun.moonkey.config.SecuritySettings;
import fun.moonkey.credential.Credential;
import fun.moonkey.credential.CredentialLookup;
import fun.moonkey.event.Trigger;
import fun.moonkey.local.LocalLogout;
import fun.moonkey.revocation.RevocationOutcome;
import fun.moonkey.security.CsrfPolicy;
import fun.moonkey.security.ForwardedProto;
import fun.moonkey.security.LogoutGuard;
import fun.moonkey.security.ReturnTargetPolicy;
import fun.moonkey.servlet.ServletLogoutRequest;
import fun.moonkey.servlet.ServletRequestFacts;
import fun.moonkey.testing.Allocations;
import fun.moonkey.testing.StubServletRequest;
import jakarta.servlet.http.Cookie;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What the filter's local part of one logout allocates, MoonKey's call left out: the guard's check,
 * the credential lookup, the credential's name for the listeners and the log lines, the session's
 * invalidation, the cookie deletions and the answer's headers, wired as {@link LogoutService} wires
 * them for the default configuration.
 */
class LocalLogoutAllocationTest {

  private static final MoonKeyConfig CONFIG =
      MoonKeyConfig.builder().secretKey("sk_test_x1").build();

  @Test
  void aBrowserLogoutAllocatesLessThan4000Bytes() {
    SecuritySettings security = CONFIG.security();
    LogoutGuard guard =
        new LogoutGuard(
            CONFIG.methods(),
            new ForwardedProto(security.trustedProxies()),
            new CsrfPolicy(security.allowedOrigins(), security.allowSameSite()));
    LogoutResponder responder =
        new LogoutResponder(
            CONFIG,
            new ReturnTargetPolicy(security.returnToParameter(), security.returnToOrigins()));
    CredentialLookup lookup = new CredentialLookup(CONFIG);
    LocalLogout local = new LocalLogout(CONFIG);
    StubServletRequest http =
        new StubServletRequest("POST", "shop.example", "/app")
            .header("Origin", "http://shop.example")
            .cookies(new Cookie("session_token", "tok-local"))
            .sessionAttribute("user", "ada");

    LogoutResponder.Answer first = logout(guard, responder, lookup, local, http);
    assertEquals(303, first.status());
    assertEquals(4, first.headers().size(), first.headers().toString());

    long bytes = Allocations.perCall(20_000, () -> logout(guard, responder, lookup, local, http));
    System.out.println("local part of a logout: " + bytes + " bytes");
    assertTrue(bytes < 4_000, bytes + " bytes per logout");
  }

  /** The filter's steps for one request, in its order, with MoonKey's answer a 200. */
  private static LogoutResponder.Answer logout(
      LogoutGuard guard,
      LogoutResponder responder,
      CredentialLookup lookup,
      LocalLogout local,
      StubServletRequest http) {
    LogoutGuard.Check check = guard.check(ServletRequestFacts.of(http));
    ServletLogoutRequest request = new ServletLogoutRequest(http, check.secure());
    List<Credential> credentials = lookup.find(request);
    LogoutFlow.names(credentials);
    // The revoker's DEBUG line, then the logout's INFO line, name the credential again.
    credentials.get(0).hash();
    LogoutSummary summary =
        LogoutSummary.of(Map.of(credentials.get(0), new RevocationOutcome.Revoked(200)), 1, 0, 0);
    LogoutLog.line(Trigger.USER, summary, Duration.ofMillis(3));
    LogoutResult result = new LogoutResult(Scope.SESSION, summary, local.run(request));
    return responder.logout(check, result, ResponseMode.REDIRECT, null, http.getContextPath());
  }
}
