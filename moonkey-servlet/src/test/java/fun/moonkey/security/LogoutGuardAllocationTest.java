package fun.moonkey.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fun.moonkey.testing.Allocations;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * What the guard's check of an ordinary logout allocates. An ASCII host and origin need no IDN
 * mapping ({@code IDN.toASCII} allocates about 450 bytes a call), and the {@code Origin} header is
 * parsed once however many rules read it.
 */
class LogoutGuardAllocationTest {

  private static final int CALLS = 50_000;

  private static final LogoutGuard GUARD =
      new LogoutGuard(
          Set.of("POST"),
          new ForwardedProto(List.of()),
          new CsrfPolicy(Set.of(WebOrigin.parse("https://spa.example").orElseThrow()), false));

  @Test
  void sameOriginPostWithAnAsciiOriginAllocatesLessThan600Bytes() {
    RequestFacts facts =
        LogoutGuardTest.facts("POST", "192.0.2.1", "Origin", "http://shop.example");
    assertEquals(LogoutGuard.Outcome.LOGOUT, GUARD.check(facts).outcome());
    long bytes = Allocations.perCall(CALLS, () -> GUARD.check(facts));
    System.out.println("guard check, same-origin POST with Origin: " + bytes + " bytes");
    assertTrue(bytes < 600, bytes + " bytes per check");
  }

  @Test
  void sameOriginPostWithFetchMetadataAllocatesLessThan500Bytes() {
    RequestFacts facts =
        LogoutGuardTest.facts(
            "POST", "192.0.2.1", "Sec-Fetch-Site", "same-origin", "Origin", "http://shop.example");
    assertEquals(LogoutGuard.Outcome.LOGOUT, GUARD.check(facts).outcome());
    long bytes = Allocations.perCall(CALLS, () -> GUARD.check(facts));
    System.out.println("guard check, same-origin POST with Fetch Metadata: " + bytes + " bytes");
    assertTrue(bytes < 500, bytes + " bytes per check");
  }
}
