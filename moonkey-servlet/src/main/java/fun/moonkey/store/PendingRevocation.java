package fun.moonkey.store;

import fun.moonkey.credential.Credential;
import java.time.Instant;
import java.util.Objects;

/**
 * One revocation waiting for MoonKey: the credential, which sessions it ends, when it first failed
 * (the retry horizon counts from there) and its journal id. {@link #toString()} shows the
 * credential's hash only.
 *
 * @param id unique within one store, increasing
 * @param credential the credential to revoke, or whose owner's sessions to revoke
 * @param reach which sessions: the credential's own, or its owner's
 * @param firstFailed when the logout's own attempts failed
 */
record PendingRevocation(long id, Credential credential, Reach reach, Instant firstFailed) {

  /** Checks for nulls. */
  public PendingRevocation {
    Objects.requireNonNull(credential, "credential");
    Objects.requireNonNull(reach, "reach");
    Objects.requireNonNull(firstFailed, "firstFailed");
  }

  /** A revocation of the one session the credential names. */
  PendingRevocation(long id, Credential credential, Instant firstFailed) {
    this(id, credential, Reach.SESSION, firstFailed);
  }

  /** The record's type field: see {@link Reach#field}. */
  String field() {
    return reach.field(credential.type());
  }
}
