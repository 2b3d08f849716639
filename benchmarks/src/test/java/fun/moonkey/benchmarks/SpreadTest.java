package fun.moonkey.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class SpreadTest {

  @Test
  void oddCountHasTheMiddleValueAsMedianAndItsExtremes() {
    assertEquals(new Spread(1.5, 0.7, 1.8, 3), Spread.of(List.of(1.8, 0.7, 1.5)));
  }

  @Test
  void evenCountHasTheMeanOfTheMiddleTwoAsMedian() {
    assertEquals(new Spread(1.5, 1.0, 3.0, 4), Spread.of(List.of(3.0, 1.0, 2.0, 1.0)));
  }

  @Test
  void boldPrintsTheMedianThenTheRange() {
    assertEquals("**1.50** (0.70–1.80)", Spread.of(List.of(1.8, 0.7, 1.5)).bold("%.2f"));
  }

  @Test
  void boldPrintsTheMedianAloneForOneValue() {
    assertEquals("**0.50**", Spread.of(List.of(0.5)).bold("%.2f"));
  }

  @Test
  void noValuesAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> Spread.of(List.of()));
  }
}
