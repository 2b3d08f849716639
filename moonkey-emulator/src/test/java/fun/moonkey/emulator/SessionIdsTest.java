package fun.moonkey.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SessionIdsTest {

  private final SessionIds ids = new SessionIds();

  @Test
  void sessionIdIsSessPrefixAnd20Hex() {
    String id = ids.sessionId();

    assertTrue(id.matches("sess_[0-9a-f]{20}"), id);
    assertNotEquals(id, ids.sessionId());
  }

  @Test
  void tokenIsPrefixedUrlSafeBase64Of32Bytes() {
    String token = ids.sessionToken();

    assertTrue(token.matches("mk_sess_[A-Za-z0-9_-]{43}"), token);
    assertEquals(32, Base64.getUrlDecoder().decode(token.substring("mk_sess_".length())).length);
    assertNotEquals(token, ids.sessionToken());
  }

  @Test
  void jwtHasThreeBase64UrlPartsWithHeaderAndClaims() throws Exception {
    Instant issued = Instant.ofEpochSecond(1_700_000_000);
    String jwt = ids.sessionJwt("sess_1", "user_1", issued, issued.plusSeconds(60));

    String[] parts = jwt.split("\\.");
    assertEquals(3, parts.length, jwt);
    assertTrue(jwt.matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+"), jwt);
    assertEquals(Map.of("alg", "RS256", "typ", "JWT", "kid", "moonkey-emulator"), decode(parts[0]));
    assertEquals(
        Map.of(
            "iss", "moonkey-emulator",
            "sub", "user_1",
            "sid", "sess_1",
            "iat", 1_700_000_000,
            "exp", 1_700_000_060),
        decode(parts[1]));
    assertNotEquals(jwt, ids.sessionJwt("sess_1", "user_1", issued, issued.plusSeconds(60)));
  }

  @Test
  void userIdIsStableForAnEmailIgnoringCaseAndSpaces() {
    String userId = SessionIds.userIdFor("ada@example.com");

    assertTrue(userId.matches("user_[0-9a-f]{24}"), userId);
    assertEquals(userId, SessionIds.userIdFor(" ADA@example.com "));
    assertNotEquals(userId, SessionIds.userIdFor("bob@example.com"));
  }

  private static Map<String, Object> decode(String part) throws Exception {
    return Json.toMap(
        Json.parse(new String(Base64.getUrlDecoder().decode(part), StandardCharsets.UTF_8)));
  }
}
