package fun.moonkey.store;

import fun.moonkey.credential.Credential;
import java.util.Collection;

/**
 * Where logouts record what they revoke, for {@code enforce-revocations}: a project's list ({@link
 * RevokedSessions}) or a service's membership of it ({@link RevokedLists.Member}). Neither method
 * blocks.
 */
public interface RevokedRecorder {

  /** Records credentials a logout revokes (now, or later by the retrier). */
  void record(Collection<Credential> credentials);

  /**
   * Records that a logout revoked every session of a user, or every session but one.
   *
   * @param userId MoonKey's id of the user
   * @param keptCredential the value of the credential of the session that stays signed in, or null
   */
  void recordOwner(String userId, String keptCredential);
}
