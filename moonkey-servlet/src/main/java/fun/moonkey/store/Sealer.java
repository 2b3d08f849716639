package fun.moonkey.store;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals credentials for a shared store with AES-256-GCM: the key is derived from the MoonKey secret
 * key (HMAC-SHA256 of a fixed label, so the secret key itself is never the cipher key), each value
 * has a random 96-bit nonce, and the row it belongs to is bound in as associated data, so a sealed
 * value moved to another row does not open. Thread-safe.
 */
final class Sealer {

  private static final String LABEL = "moonkey pending-store v1";
  private static final int NONCE = 12;
  private static final int TAG_BITS = 128;

  private final SecretKeySpec key;
  private final SecureRandom random = new SecureRandom();

  Sealer(String secretKey) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secretKey.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      this.key = new SecretKeySpec(mac.doFinal(LABEL.getBytes(StandardCharsets.UTF_8)), "AES");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JVM cannot derive an AES key", e);
    }
  }

  /** {@code value} sealed, bound to {@code row}, as base64. */
  String seal(String value, String row) {
    byte[] nonce = new byte[NONCE];
    random.nextBytes(nonce);
    try {
      Cipher cipher = cipher(Cipher.ENCRYPT_MODE, nonce, row);
      byte[] sealed = cipher.doFinal(value.getBytes(StandardCharsets.UTF_8));
      return Base64.getEncoder()
          .encodeToString(
              ByteBuffer.allocate(NONCE + sealed.length).put(nonce).put(sealed).array());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM failed", e);
    }
  }

  /**
   * @return the value sealed for {@code row}
   * @throws IllegalArgumentException when it does not open: another key, another row, or damage
   */
  String open(String sealed, String row) {
    try {
      byte[] all = Base64.getDecoder().decode(sealed);
      if (all.length <= NONCE) {
        throw new IllegalArgumentException("too short to be sealed");
      }
      byte[] nonce = new byte[NONCE];
      System.arraycopy(all, 0, nonce, 0, NONCE);
      byte[] plain =
          cipher(Cipher.DECRYPT_MODE, nonce, row).doFinal(all, NONCE, all.length - NONCE);
      return new String(plain, StandardCharsets.UTF_8);
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("does not open with this secret key", e);
    }
  }

  private Cipher cipher(int mode, byte[] nonce, String row) throws GeneralSecurityException {
    Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
    cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
    cipher.updateAAD(row.getBytes(StandardCharsets.UTF_8));
    return cipher;
  }

  @Override
  public String toString() {
    return "Sealer[AES-256-GCM]";
  }
}
