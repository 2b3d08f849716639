package fun.moonkey.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class LatenciesTest {

  @Test
  void percentilesAreNearestRanksInMillisecondsOfTheSortedNanos() {
    // 1 ms, 2 ms, ... 1000 ms, shuffled by reversing.
    long[] nanos = LongStream.rangeClosed(1, 1000).map(i -> (1001 - i) * 1_000_000).toArray();

    Latencies latencies = Latencies.ofNanos(nanos);

    assertEquals(new Latencies(501, 901, 991, 1000), latencies);
    assertEquals(List.of(501.0, 901.0, 991.0, 1000.0), latencies.values());
  }

  @Test
  void noLatenciesAreAllZero() {
    assertEquals(new Latencies(0, 0, 0, 0), Latencies.ofNanos(new long[0]));
  }
}
