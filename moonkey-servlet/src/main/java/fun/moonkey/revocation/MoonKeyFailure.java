package fun.moonkey.revocation;

import java.util.Objects;
import java.util.Optional;

/**
 * A verify or list call to MoonKey that gave no usable answer: its outcome says why (a refused
 * secret key, a transient failure, the budget's end). The message is the outcome's reason, which
 * holds no secret; no stack trace is kept.
 */
public final class MoonKeyFailure extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final transient RevocationOutcome outcome;

  /**
   * @param outcome why the call gave no answer; never a revoked outcome
   */
  public MoonKeyFailure(RevocationOutcome outcome) {
    super(outcome.describe(), null, false, false);
    this.outcome = Objects.requireNonNull(outcome, "outcome");
  }

  /** Why the call gave no answer. */
  public RevocationOutcome outcome() {
    return outcome;
  }

  /**
   * What a failed call to MoonKey (a verify, a list) came to: its {@link MoonKeyFailure}'s outcome,
   * a closed client's failure, else a transient failure naming the unexpected exception.
   *
   * @param failure how the call's stage completed, wrapped in a {@code CompletionException} or not
   */
  public static RevocationOutcome outcomeOf(Throwable failure) {
    Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
    if (cause instanceof MoonKeyFailure known) {
      return known.outcome();
    }
    if (cause instanceof IllegalStateException) {
      return SessionRevoker.closedFailure();
    }
    return new RevocationOutcome.TransientFailure(
        0, "unexpected " + cause.getClass().getSimpleName(), Optional.empty(), cause);
  }
}
