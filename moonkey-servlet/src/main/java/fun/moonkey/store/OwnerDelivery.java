package fun.moonkey.store;

import fun.moonkey.credential.Credential;
import fun.moonkey.credential.CredentialType;
import fun.moonkey.revocation.Budget;
import fun.moonkey.revocation.MoonKeyFailure;
import fun.moonkey.revocation.RevocationOutcome;
import fun.moonkey.revocation.SessionOwner;
import fun.moonkey.revocation.SessionRevoker;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * The retrier's attempt at one pending revocation. Of {@link Reach#SESSION}, one {@link
 * SessionRevoker#revokeOnce}. Of an owner's reach, the "log out everywhere" that could not be done
 * at the logout: verify the credential (its user and session), list the user's sessions, delete
 * each by id (the credential's own session last, and only for {@link Reach#EVERY_SESSION_OF_OWNER},
 * so that a retry can still verify it), all in one {@link RevocationOutcome}:
 *
 * <ul>
 *   <li>revoked, when every delete was revoked or already gone (a retry after a partial attempt
 *       finds the sessions it deleted gone: 404);
 *   <li>the verify's or list's failure, or the first delete's transient failure: the whole item is
 *       tried again later;
 *   <li>else a delete's refusal for good, which the retrier gives up;
 *   <li>{@code Rejected(404, "session_unknown")} when MoonKey no longer knows the credential: its
 *       user's sessions cannot be found any more, and the retrier gives up (logged at ERROR).
 * </ul>
 *
 * An item of {@link Reach#EVERY_SESSION_OF_USER} (an administrator's end of a user's sessions)
 * needs no verify: it lists the user's sessions and deletes each, with the same outcomes.
 *
 * <p>The listed sessions' ids go on the revoked list as soon as they are known ({@code
 * enforce-revocations}), as a logout's own credentials do. Never blocks; thread-safe.
 */
final class OwnerDelivery {

  /** The error type of the outcome when MoonKey no longer knows the credential's session. */
  static final String SESSION_UNKNOWN = "session_unknown";

  private final SessionRevoker revoker;
  private final Consumer<List<Credential>> revoked;

  /**
   * @param revoker the MoonKey client
   * @param revoked where listed sessions are recorded as revoked, or null when {@code
   *     enforce-revocations} is off; must not block
   */
  OwnerDelivery(SessionRevoker revoker, Consumer<List<Credential>> revoked) {
    this.revoker = Objects.requireNonNull(revoker, "revoker");
    this.revoked = revoked;
  }

  /**
   * One attempt; the stage never completes exceptionally.
   *
   * @throws IllegalStateException when the revoker is closed
   */
  CompletionStage<RevocationOutcome> attempt(Credential credential, Reach reach) {
    if (reach == Reach.EVERY_SESSION_OF_USER) {
      return ofUser(credential.value());
    }
    if (!reach.ofOwner()) {
      return revoker.revokeOnce(credential);
    }
    Budget budget = revoker.budget();
    return revoker
        .owner(credential, budget)
        .thenCompose(
            owner ->
                owner.isEmpty()
                    ? CompletableFuture.completedFuture(
                        (RevocationOutcome) new RevocationOutcome.Rejected(404, SESSION_UNKNOWN))
                    : revoker
                        .sessionsOf(owner.get().userId(), budget)
                        .thenCompose(ids -> deleteAll(ids, owner.get(), reach)))
        .exceptionally(MoonKeyFailure::outcomeOf);
  }

  /**
   * An administrator's end of a user's sessions ({@link Reach#EVERY_SESSION_OF_USER}): list, record
   * the listed ids, delete each. A user without sessions is done.
   */
  private CompletionStage<RevocationOutcome> ofUser(String userId) {
    return revoker
        .sessionsOf(userId, revoker.budget())
        .thenCompose(
            ids -> {
              List<Credential> sessions = ids.stream().map(OwnerDelivery::byId).toList();
              if (revoked != null && !sessions.isEmpty()) {
                revoked.accept(sessions);
              }
              return deleteEach(sessions);
            })
        .exceptionally(MoonKeyFailure::outcomeOf);
  }

  /** Deletes the others first, then (for {@code all}) the credential's own session. */
  private CompletionStage<RevocationOutcome> deleteAll(
      List<String> ids, SessionOwner owner, Reach reach) {
    boolean all = reach == Reach.EVERY_SESSION_OF_OWNER;
    List<Credential> others = new ArrayList<>();
    for (String id : ids) {
      if (!id.equals(owner.sessionId())) {
        others.add(byId(id));
      }
    }
    List<Credential> recorded = new ArrayList<>(others);
    if (all && owner.sessionId() != null) {
      recorded.add(byId(owner.sessionId()));
    }
    if (revoked != null && !recorded.isEmpty()) {
      revoked.accept(List.copyOf(recorded));
    }
    return deleteEach(others)
        .thenCompose(
            outcome ->
                !outcome.isRevoked() || !all || owner.sessionId() == null
                    ? CompletableFuture.completedFuture(outcome)
                    : deleteEach(List.of(byId(owner.sessionId()))));
  }

  /** Deletes each at once (the bulkhead bounds them), all in one outcome. */
  private CompletionStage<RevocationOutcome> deleteEach(List<Credential> sessions) {
    List<CompletableFuture<RevocationOutcome>> calls = new ArrayList<>();
    for (Credential session : sessions) {
      calls.add(revoker.revokeOnce(session).toCompletableFuture());
    }
    return CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new))
        .thenApply(done -> combined(calls.stream().map(CompletableFuture::join).toList()));
  }

  /** Revoked when all are; else the first transient failure; else the first refusal. */
  static RevocationOutcome combined(List<RevocationOutcome> outcomes) {
    Optional<RevocationOutcome> transientFailure =
        outcomes.stream().filter(RevocationOutcome::isRetryable).findFirst();
    if (transientFailure.isPresent()) {
      return transientFailure.get();
    }
    return outcomes.stream()
        .filter(outcome -> !outcome.isRevoked())
        .findFirst()
        .orElse(new RevocationOutcome.Revoked(200));
  }

  private static Credential byId(String id) {
    return new Credential(CredentialType.SESSION_ID, id, "MoonKey's session list");
  }
}
