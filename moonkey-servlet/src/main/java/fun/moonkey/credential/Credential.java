package fun.moonkey.credential;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A MoonKey session credential found in a request. Its value is a secret: {@link #toString()} and
 * {@link #hash()} show only a short SHA-256 prefix, which is what logs carry. Immutable and
 * thread-safe; equal when type, value and source are.
 *
 * <p>A class rather than a record so that {@link #hash()} is computed once: a logout names its
 * credential in the listeners' event and in its log lines, and each SHA-256 costs a digest.
 */
public final class Credential {

  /**
   * The longest credential sent to MoonKey, in characters. Session tokens are opaque, JWTs are a
   * few hundred bytes; anything longer is not a credential.
   */
  public static final int MAX_LENGTH = 4096;

  private final CredentialType type;
  private final String value;
  private final String source;

  /** {@link #hash()}, once computed; a race computes the same string twice, harmlessly. */
  private String hash;

  /**
   * Checks the arguments; see {@link #isAcceptable(String)} for what may be sent.
   *
   * @param type what kind of credential
   * @param value the credential itself
   * @param source where it was found, for logs: {@code cookie 'session_token'}
   */
  public Credential(CredentialType type, String value, String source) {
    this.type = Objects.requireNonNull(type, "type");
    this.value = Objects.requireNonNull(value, "value");
    this.source = Objects.requireNonNull(source, "source");
  }

  /** What kind of credential. */
  public CredentialType type() {
    return type;
  }

  /** The credential itself: a secret. */
  public String value() {
    return value;
  }

  /** Where it was found, for logs: {@code cookie 'session_token'}. */
  public String source() {
    return source;
  }

  /**
   * Whether a value may be sent to MoonKey: non-empty, at most {@link #MAX_LENGTH} characters,
   * printable ASCII only (no control characters, CR, LF, space or non-ASCII).
   *
   * @param value a candidate credential
   * @return true when it may be sent
   */
  public static boolean isAcceptable(String value) {
    if (value == null || value.isEmpty() || value.length() > MAX_LENGTH) {
      return false;
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c <= 0x20 || c >= 0x7f) {
        return false;
      }
    }
    return true;
  }

  /**
   * A short, stable, non-reversible name for a credential value, for logs: the first 8 hex digits
   * of its SHA-256.
   *
   * @param value the credential value
   * @return for example {@code 1a2b3c4d}
   */
  public static String hashOf(String value) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 4);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java platform", e);
    }
  }

  /**
   * {@code session_token#1a2b3c4d}: the type's field and {@link #hashOf(String)}, computed once.
   */
  public String hash() {
    String h = hash;
    if (h == null) {
      h = type.field() + "#" + hashOf(value);
      hash = h;
    }
    return h;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Credential other
        && type == other.type
        && value.equals(other.value)
        && source.equals(other.source);
  }

  @Override
  public int hashCode() {
    return (31 * type.hashCode() + value.hashCode()) * 31 + source.hashCode();
  }

  @Override
  public String toString() {
    return "Credential[" + hash() + " from " + source + "]";
  }
}
