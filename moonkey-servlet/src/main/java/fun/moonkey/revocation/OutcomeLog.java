package fun.moonkey.revocation;

import fun.moonkey.config.ConfigKeys;
import fun.moonkey.config.MoonKeyConfig;
import fun.moonkey.credential.Credential;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;

/**
 * The one log line a revocation's outcome gets: DEBUG when revoked, ERROR for a refused key or a
 * TLS failure (naming the setting to check), WARNING for a refusal or a transient failure; DEBUG
 * for every outcome when the caller reports it itself ({@code quiet}: a logout's one line, the
 * background retrier). Credentials appear by their hash only.
 */
final class OutcomeLog {

  private static final Logger LOG = System.getLogger(SessionRevoker.class.getName());

  private OutcomeLog() {}

  static void log(
      MoonKeyConfig config,
      Credential credential,
      RevocationOutcome outcome,
      long millis,
      boolean quiet) {
    // As text: a number argument would be formatted with grouping (1,203 ms).
    String ms = String.valueOf(millis);
    if (outcome instanceof RevocationOutcome.Revoked revoked) {
      LOG.log(
          Level.DEBUG,
          "Revoked {0} at MoonKey in {1} ms (HTTP {2})",
          credential.hash(),
          ms,
          String.valueOf(revoked.status()));
    } else if (outcome instanceof RevocationOutcome.AlreadyGone) {
      LOG.log(Level.DEBUG, "{0} was already gone at MoonKey (HTTP 404)", credential.hash());
    } else if (outcome instanceof RevocationOutcome.Unauthorised u) {
      LOG.log(
          quiet ? Level.DEBUG : Level.ERROR,
          "MoonKey refused the secret key (HTTP {0}) while revoking {1}: check the setting {2}"
              + " (environment variable {3})",
          u.status(),
          credential.hash(),
          ConfigKeys.PREFIX + ConfigKeys.SECRET_KEY,
          ConfigKeys.envName(ConfigKeys.SECRET_KEY));
    } else if (outcome instanceof RevocationOutcome.Rejected r) {
      LOG.log(
          quiet ? Level.DEBUG : Level.WARNING,
          "MoonKey rejected the revocation of {0} (HTTP {1}, error_type {2}); not retried",
          credential.hash(),
          r.status(),
          r.errorType());
    } else if (outcome instanceof RevocationOutcome.TlsFailure t) {
      LOG.log(
          quiet ? Level.DEBUG : Level.ERROR,
          "TLS with MoonKey at {0} failed ({1}) while revoking {2}; not retried: check the trust"
              + " store and the setting {3}",
          config.apiUrl(),
          t.reason(),
          credential.hash(),
          ConfigKeys.PREFIX + ConfigKeys.API_URL);
    } else if (outcome instanceof RevocationOutcome.TransientFailure t) {
      LOG.log(
          quiet ? Level.DEBUG : Level.WARNING,
          "Revocation of {0} at MoonKey failed after {1} ms: {2}",
          credential.hash(),
          ms,
          t.reason());
    }
  }
}
