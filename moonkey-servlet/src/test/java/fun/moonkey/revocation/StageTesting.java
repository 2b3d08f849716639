package fun.moonkey.revocation;

import static org.junit.jupiter.api.Assertions.assertTrue;

import fun.moonkey.revocation.RevocationOutcome.TransientFailure;
import fun.moonkey.revocation.RevocationOutcome.TransientFailure.Kind;
import java.time.Duration;
import java.util.Optional;

/** Outcomes and checks the stage tests share. */
final class StageTesting {

  static final RevocationOutcome REVOKED = new RevocationOutcome.Revoked(200);
  static final RevocationOutcome REJECTED = new RevocationOutcome.Rejected(422, "validation_error");

  private StageTesting() {}

  static TransientFailure http503() {
    return new TransientFailure(503, "HTTP 503", Optional.empty(), null);
  }

  static TransientFailure http503RetryAfter(Duration after) {
    return new TransientFailure(503, "HTTP 503", Optional.of(after), null);
  }

  /** The outcome a completed attempt stands for, its failure included. */
  static RevocationOutcome outcomeOf(Attempt<?> attempt) {
    assertTrue(attempt.result.isDone(), "the attempt has not completed");
    return attempt
        .result
        .handle(
            (value, failure) ->
                failure == null ? (RevocationOutcome) value : Attempt.outcome(null, failure))
        .join();
  }

  static Kind kindOf(Attempt<?> attempt) {
    return ((TransientFailure) outcomeOf(attempt)).kind();
  }
}
