package fun.moonkey.revocation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Maps MoonKey's answer (status, {@code Retry-After}, error body) to a {@link RevocationOutcome} as
 * docs/reliability.md lists them. Pure logic; thread-safe.
 */
final class AnswerClassifier {

  /** The most of an error body that is read; the rest is discarded unread. */
  static final int MAX_ERROR_BODY = 8 * 1024;

  private static final ObjectMapper JSON = new ObjectMapper();

  private AnswerClassifier() {}

  /**
   * @param status the HTTP status
   * @param retryAfter the {@code Retry-After} header, or null
   * @param errorBody up to {@link #MAX_ERROR_BODY} bytes of the body (empty for 2xx)
   * @param now the current time, for the HTTP-date form of {@code Retry-After}
   */
  static RevocationOutcome classify(int status, String retryAfter, byte[] errorBody, Instant now) {
    if (status >= 200 && status < 300) {
      return new RevocationOutcome.Revoked(status);
    }
    if (status == 404) {
      return new RevocationOutcome.AlreadyGone();
    }
    if (status == 401 || status == 403) {
      return new RevocationOutcome.Unauthorised(status);
    }
    if (status == 408 || status == 429 || status >= 500) {
      return new RevocationOutcome.TransientFailure(
          status, "HTTP " + status, parseRetryAfter(retryAfter, now), null);
    }
    return new RevocationOutcome.Rejected(status, errorType(errorBody));
  }

  /**
   * Reads {@code error_type} from a MoonKey error body, defensively: a missing field, a non-JSON or
   * truncated body give null. Only a bounded, safe identifier is kept.
   */
  static String errorType(byte[] body) {
    if (body == null || body.length == 0) {
      return null;
    }
    try {
      JsonNode node = JSON.readTree(new String(body, StandardCharsets.UTF_8));
      JsonNode type = node == null ? null : node.get("error_type");
      if (type == null || !type.isTextual()) {
        return null;
      }
      String text = type.asText();
      return text.matches("[A-Za-z0-9_.-]{1,64}") ? text : null;
    } catch (Exception e) {
      return null;
    }
  }

  /**
   * Parses {@code Retry-After} in its delay-seconds and HTTP-date forms (RFC 9110 section 10.2.3).
   * Garbage and negative values give empty; a date in the past gives zero.
   */
  static Optional<Duration> parseRetryAfter(String value, Instant now) {
    if (value == null) {
      return Optional.empty();
    }
    String v = value.strip();
    if (v.matches("\\d{1,9}")) {
      return Optional.of(Duration.ofSeconds(Long.parseLong(v)));
    }
    try {
      Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      Duration delay = Duration.between(now, at);
      return Optional.of(delay.isNegative() ? Duration.ZERO : delay);
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
