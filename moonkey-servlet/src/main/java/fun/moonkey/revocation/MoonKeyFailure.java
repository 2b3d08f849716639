package fun.moonkey.revocation;

import java.util.Objects;

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
}
