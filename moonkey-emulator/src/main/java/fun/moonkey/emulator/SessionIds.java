package fun.moonkey.emulator;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Makes the identifiers and credentials of emulated sessions: random session ids, tokens and
 * JWT-shaped strings, and user ids derived from an email address. Thread-safe.
 */
final class SessionIds {

  private static final HexFormat HEX = HexFormat.of();
  private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

  private final SecureRandom random = new SecureRandom();

  /** {@code sess_} and 20 random hex digits. */
  String sessionId() {
    return "sess_" + HEX.formatHex(randomBytes(10));
  }

  /** {@code mk_sess_} and 32 random bytes in URL-safe base64 without padding (43 characters). */
  String sessionToken() {
    return "mk_sess_" + BASE64URL.encodeToString(randomBytes(32));
  }

  /**
   * A string shaped like an RS256 session JWT: a real header and claims ({@code sid}, {@code sub},
   * {@code iat}, {@code exp}), base64url-encoded, and 256 random bytes in place of a signature.
   */
  String sessionJwt(String sessionId, String userId, Instant issuedAt, Instant expiresAt) {
    Map<String, Object> header = new LinkedHashMap<>();
    header.put("alg", "RS256");
    header.put("typ", "JWT");
    header.put("kid", "moonkey-emulator");
    Map<String, Object> claims = new LinkedHashMap<>();
    claims.put("iss", "moonkey-emulator");
    claims.put("sub", userId);
    claims.put("sid", sessionId);
    claims.put("iat", issuedAt.getEpochSecond());
    claims.put("exp", expiresAt.getEpochSecond());
    return encode(Json.write(header))
        + "."
        + encode(Json.write(claims))
        + "."
        + BASE64URL.encodeToString(randomBytes(256));
  }

  /**
   * {@code user_} and 24 hex digits of the SHA-256 of the trimmed, lower-cased email: the same
   * address always gives the same user id.
   */
  static String userIdFor(String email) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(email.trim().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8));
      return "user_" + HEX.formatHex(digest, 0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  private static String encode(String json) {
    return BASE64URL.encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }

  private byte[] randomBytes(int count) {
    byte[] bytes = new byte[count];
    random.nextBytes(bytes);
    return bytes;
  }
}
