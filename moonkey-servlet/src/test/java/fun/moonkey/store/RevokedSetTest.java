package fun.moonkey.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RevokedSetTest {

  @Test
  void holdsWhatWasAddedThroughEveryResizeAndNothingElse() {
    RevokedSet set = new RevokedSet();
    SplittableRandom random = new SplittableRandom(42);
    long[] added = new long[20_000];
    for (int i = 0; i < added.length; i++) {
      added[i] = random.nextLong() | 1; // odd
      set.add(added[i]);
    }
    for (long fingerprint : added) {
      assertTrue(set.contains(fingerprint));
    }
    assertEquals(added.length, set.size());
    SplittableRandom other = new SplittableRandom(7);
    for (int i = 0; i < 20_000; i++) {
      assertFalse(set.contains((other.nextLong() & ~1L) | 2L)); // even: never added
    }
    set.add(added[0]);
    assertEquals(added.length, set.size(), "a repeat is not counted");
    assertFalse(set.contains(0));
  }
}
