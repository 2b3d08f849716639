package fun.moonkey.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class AlternationTest {

  @Test
  void evenPairsKeepTheOrderAndOddPairsReverseIt() {
    List<String> contenders = List.of("a", "c", "d");

    assertEquals(List.of("a", "c", "d"), Alternation.order(contenders, 0));
    assertEquals(List.of("d", "c", "a"), Alternation.order(contenders, 1));
    assertEquals(List.of("a", "c", "d"), Alternation.order(contenders, 2));
    assertEquals(List.of("a", "c", "d"), contenders);
  }
}
