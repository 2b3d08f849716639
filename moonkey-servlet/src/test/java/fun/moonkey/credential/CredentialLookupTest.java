package fun.moonkey.credential;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fun.moonkey.config.ConfigKeys;
import fun.moonkey.config.MoonKeyConfig;
import fun.moonkey.logout.FakeRequest;
import java.util.List;
import org.junit.jupiter.api.Test;

class CredentialLookupTest {

  private static final MoonKeyConfig CONFIG =
      MoonKeyConfig.builder()
          .secretKey("sk_test_x1")
          .set(ConfigKeys.TOKEN_HEADER, "X-MoonKey-Session")
          .set(ConfigKeys.JWT_COOKIE, "session_jwt")
          .build();

  private static List<Credential> find(FakeRequest request) {
    return new CredentialLookup(CONFIG).find(request);
  }

  @Test
  void nothingInTheRequestFindsNothing() {
    assertEquals(List.of(), find(new FakeRequest()));
  }

  @Test
  void sessionIdIsPreferredAndCoversTheSessionTokenAndItsCookie() {
    List<Credential> found =
        find(
            new FakeRequest()
                .sessionAttribute("moonkey.session_id", "sess_1")
                .sessionAttribute("moonkey.session_token", "tok_1")
                .cookie("session_token", "tok_1"));
    assertEquals(
        List.of(
            new Credential(
                CredentialType.SESSION_ID, "sess_1", "session attribute 'moonkey.session_id'")),
        found);
  }

  @Test
  void tokenFromEachSource() {
    assertEquals(
        CredentialType.SESSION_TOKEN,
        find(new FakeRequest().sessionAttribute("moonkey.session_token", "t")).get(0).type());
    assertEquals(
        "t", find(new FakeRequest().header("X-MoonKey-Session", "Bearer t")).get(0).value());
    assertEquals(
        "cookie 'session_token'",
        find(new FakeRequest().cookie("session_token", "t")).get(0).source());
  }

  @Test
  void twoCookiesOfTheSameNameGiveTwoCredentials() {
    List<Credential> found =
        find(new FakeRequest().cookie("session_token", "a").cookie("session_token", "b"));
    assertEquals(List.of("a", "b"), found.stream().map(Credential::value).toList());
  }

  @Test
  void jwtOnlyWhenNothingElse() {
    assertEquals(
        CredentialType.SESSION_JWT,
        find(new FakeRequest().cookie("session_jwt", "h.p.s")).get(0).type());
    assertEquals(
        List.of(CredentialType.SESSION_TOKEN),
        find(new FakeRequest().cookie("session_jwt", "h.p.s").cookie("session_token", "t")).stream()
            .map(Credential::type)
            .toList());
  }

  @Test
  void valuesThatCannotBeCredentialsAreSkipped() {
    assertEquals(
        List.of(),
        find(
            new FakeRequest()
                .cookie("session_token", "")
                .cookie("session_token", "a\r\nb")
                .cookie("session_token", "x".repeat(Credential.MAX_LENGTH + 1))
                .cookie("session_token", "t\u2028")
                .sessionAttribute("moonkey.session_id", 42)));
  }

  @Test
  void toStringShowsOnlyAHash() {
    Credential credential = new Credential(CredentialType.SESSION_TOKEN, "canary-token", "cookie");
    assertFalse(credential.toString().contains("canary-token"));
    assertTrue(
        credential.toString().matches("Credential\\[session_token#[0-9a-f]{8} from cookie]"));
  }
}
