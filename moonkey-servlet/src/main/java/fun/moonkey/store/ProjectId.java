package fun.moonkey.store;

import fun.moonkey.config.ConfigKeys;
import fun.moonkey.config.MoonKeyConfig;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Names a MoonKey project in what the library stores (journal slots, shared tables): 16 hex digits
 * of a SHA-256 over MoonKey's URL and the secret key. It tells projects apart and reveals nothing
 * of the key. A new secret key is a new id: after a rotation, {@link
 * ConfigKeys#PREVIOUS_SECRET_KEY} names the old id's pending revocations for the new client.
 */
public final class ProjectId {

  private ProjectId() {}

  /** The id of the project that {@code config}'s URL and key name. */
  public static String of(MoonKeyConfig config) {
    return of(config.apiUrl(), config.secretKey());
  }

  /** The id of the project of {@code apiUrl} and {@code secretKey}. */
  public static String of(URI apiUrl, String secretKey) {
    return digest("moonkey-pending\n" + apiUrl + "\n" + secretKey);
  }

  /**
   * The id of a project's second list in the same tables, the users whose every session a logout
   * revoked ({@link JdbcRevocationList#owners()}).
   */
  static String ownersOf(String project) {
    return digest("moonkey owners\n" + project);
  }

  /** 16 hex digits of a SHA-256 over {@code text}: as many as the tables' project column holds. */
  private static String digest(String text) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
