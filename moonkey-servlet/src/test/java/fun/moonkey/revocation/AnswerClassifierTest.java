package fun.moonkey.revocation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AnswerClassifierTest {

  private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
  private static final byte[] NONE = new byte[0];

  private static RevocationOutcome classify(int status) {
    return AnswerClassifier.classify(status, null, NONE, NOW);
  }

  @ParameterizedTest
  @ValueSource(ints = {200, 202, 204})
  void anyTwoHundredIsRevoked(int status) {
    RevocationOutcome outcome = classify(status);
    assertEquals(new RevocationOutcome.Revoked(status), outcome);
    assertTrue(outcome.isRevoked());
    assertFalse(outcome.isRetryable());
  }

  @Test
  void notFoundIsAlreadyGoneAndCountsAsRevoked() {
    RevocationOutcome outcome = classify(404);
    assertInstanceOf(RevocationOutcome.AlreadyGone.class, outcome);
    assertTrue(outcome.isRevoked());
  }

  @ParameterizedTest
  @ValueSource(ints = {401, 403})
  void badKeyIsUnauthorisedAndNotRetried(int status) {
    RevocationOutcome outcome = classify(status);
    assertEquals(new RevocationOutcome.Unauthorised(status), outcome);
    assertFalse(outcome.isRetryable());
    assertFalse(outcome.isRevoked());
  }

  @ParameterizedTest
  @ValueSource(ints = {301, 302, 307, 400, 405, 409, 422})
  void redirectsAndOtherClientErrorsAreRejected(int status) {
    RevocationOutcome outcome = classify(status);
    assertInstanceOf(RevocationOutcome.Rejected.class, outcome);
    assertFalse(outcome.isRetryable());
  }

  @ParameterizedTest
  @ValueSource(ints = {408, 429, 500, 502, 503, 504})
  void timeoutsThrottlingAndServerErrorsAreTransient(int status) {
    RevocationOutcome outcome = classify(status);
    assertEquals(
        new RevocationOutcome.TransientFailure(status, "HTTP " + status, Optional.empty(), null),
        outcome);
    assertTrue(outcome.isRetryable());
  }

  @Test
  void errorTypeIsReadFromMoonKeyErrorBody() {
    byte[] body =
        "{\"error_message\":\"bad\",\"error_type\":\"validation_error\",\"status_code\":422}"
            .getBytes(StandardCharsets.UTF_8);
    assertEquals(
        new RevocationOutcome.Rejected(422, "validation_error"),
        AnswerClassifier.classify(422, null, body, NOW));
  }

  @Test
  void errorBodiesAreReadDefensively() {
    assertNull(AnswerClassifier.errorType("<html>oops</html>".getBytes(StandardCharsets.UTF_8)));
    assertNull(AnswerClassifier.errorType("{\"error_type\": 42}".getBytes(StandardCharsets.UTF_8)));
    assertNull(AnswerClassifier.errorType("{\"error_ty".getBytes(StandardCharsets.UTF_8)));
    assertNull(AnswerClassifier.errorType("[]".getBytes(StandardCharsets.UTF_8)));
    assertNull(
        AnswerClassifier.errorType(
            "{\"error_type\": \"a\\r\\nb\"}".getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void retryAfterInSecondsAndAsHttpDate() {
    assertEquals(Optional.of(Duration.ofSeconds(3)), AnswerClassifier.parseRetryAfter("3", NOW));
    assertEquals(
        Optional.of(Duration.ofSeconds(30)),
        AnswerClassifier.parseRetryAfter("Wed, 25 Nov 2026 12:00:30 GMT", NOW));
    assertEquals(
        Optional.of(Duration.ZERO),
        AnswerClassifier.parseRetryAfter("Wed, 25 Nov 2026 11:00:00 GMT", NOW));
  }

  @ParameterizedTest
  @ValueSource(strings = {"-1", "soon", "1.5", "", "99999999999"})
  void garbageRetryAfterIsIgnored(String value) {
    assertEquals(Optional.empty(), AnswerClassifier.parseRetryAfter(value, NOW));
  }

  @Test
  void retryAfterIsKeptOnTransientOutcomes() {
    RevocationOutcome outcome = AnswerClassifier.classify(429, "2", NONE, NOW);
    assertEquals(
        Optional.of(Duration.ofSeconds(2)),
        ((RevocationOutcome.TransientFailure) outcome).retryAfter());
  }
}
