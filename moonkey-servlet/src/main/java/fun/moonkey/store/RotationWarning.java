package fun.moonkey.store;

import fun.moonkey.config.ConfigKeys;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;

/**
 * The start-up's WARNING about pending revocations queued under another secret key, which no
 * running client delivers: after a key rotation without {@code previous-secret-key} they would
 * otherwise wait unseen until the next rotation of the key back, so the line says how many there
 * are and which setting hands them to this client.
 */
final class RotationWarning {

  private static final Logger LOG = System.getLogger(RotationWarning.class.getName());

  private RotationWarning() {}

  /**
   * Logs the warning when {@code count} is not zero.
   *
   * @param where the store they are in, for the line
   */
  static void log(int count, Object where) {
    if (count > 0) {
      LOG.log(
          Level.WARNING,
          "{0} pending revocation(s) in {1} were queued under another secret key (or for another"
              + " MoonKey project) and no running client delivers them; if the secret key was"
              + " rotated, set {2} to the old key so that this client delivers them",
          count,
          where,
          ConfigKeys.PREVIOUS_SECRET_KEY);
    }
  }
}
