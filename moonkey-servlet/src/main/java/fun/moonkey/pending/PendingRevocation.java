package fun.moonkey.pending;

import fun.moonkey.credential.Credential;
import java.time.Instant;
import java.util.Objects;

/**
 * One revocation waiting for MoonKey: the credential, when it first failed (the retry horizon
 * counts from there) and its journal id. {@link #toString()} shows the credential's hash only.
 *
 * @param id unique within one store, increasing
 * @param credential the credential to revoke
 * @param firstFailed when the logout's own attempts failed
 */
record PendingRevocation(long id, Credential credential, Instant firstFailed) {

  /** Checks for nulls. */
  public PendingRevocation {
    Objects.requireNonNull(credential, "credential");
    Objects.requireNonNull(firstFailed, "firstFailed");
  }
}
