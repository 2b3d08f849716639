package fun.moonkey.revocation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BackoffTest {

  private static Backoff backoff(double random) {
    return new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1), () -> random);
  }

  @Test
  void ceilingDoublesFromInitialAndIsCapped() {
    Backoff backoff = backoff(0.5);
    assertEquals(Duration.ofMillis(100), backoff.ceiling(1));
    assertEquals(Duration.ofMillis(200), backoff.ceiling(2));
    assertEquals(Duration.ofMillis(800), backoff.ceiling(4));
    assertEquals(Duration.ofSeconds(1), backoff.ceiling(5));
    assertEquals(Duration.ofSeconds(1), backoff.ceiling(1000));
  }

  @Test
  void fullJitterSpansZeroToTheCeiling() {
    assertEquals(Duration.ZERO, backoff(0.0).delay(3, Optional.empty()));
    assertEquals(Duration.ofMillis(200), backoff(0.5).delay(3, Optional.empty()));
    assertEquals(Duration.ofMillis(399), backoff(0.999).delay(3, Optional.empty()));
  }

  @Test
  void retryAfterReplacesTheBackoffAndIsCapped() {
    assertEquals(
        Duration.ofMillis(700), backoff(0.0).delay(1, Optional.of(Duration.ofMillis(700))));
    assertEquals(Duration.ofSeconds(1), backoff(0.0).delay(1, Optional.of(Duration.ofHours(1))));
    assertEquals(Duration.ZERO, backoff(0.9).delay(1, Optional.of(Duration.ZERO)));
  }

  @Test
  void misuseIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> backoff(0).ceiling(0));
    assertThrows(
        IllegalArgumentException.class,
        () -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1), () -> 0));
  }
}
