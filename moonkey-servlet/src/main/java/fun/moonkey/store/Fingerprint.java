package fun.moonkey.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The revocation list's key for a credential: 64 bits of a SHA-256 over its value, never the value
 * itself. A session's fingerprint matches one of N revoked ones by chance with a probability of N /
 * 2^64; the cost of that would be one signed-in session ended early.
 */
final class Fingerprint {

  private Fingerprint() {}

  /** Never 0, which marks an empty slot of {@link RevokedSet}. */
  static long of(String credentialValue) {
    byte[] digest;
    try {
      digest =
          MessageDigest.getInstance("SHA-256")
              .digest(("moonkey revoked\n" + credentialValue).getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
    long fingerprint = 0;
    for (int i = 0; i < 8; i++) {
      fingerprint = (fingerprint << 8) | (digest[i] & 0xff);
    }
    return fingerprint == 0 ? 1 : fingerprint;
  }
}
