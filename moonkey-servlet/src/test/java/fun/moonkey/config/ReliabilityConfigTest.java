package fun.moonkey.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The reliability keys: defaults, parsing, and the exact message for each bad value. */
class ReliabilityConfigTest {

  private static final String SECRET = "sk_test_0123456789abcdef";

  private static MoonKeyConfig parse(Map<String, String> values) {
    Map<String, String> all = new HashMap<>(values);
    all.putIfAbsent(ConfigKeys.SECRET_KEY, SECRET);
    return MoonKeyConfig.from(ConfigSource.of(all));
  }

  @Test
  void defaults() {
    Reliability r = parse(Map.of()).reliability();
    assertEquals(Reliability.DEFAULTS, r);
    assertEquals(3, r.maxAttempts());
    assertEquals(Duration.ofMillis(200), r.backoffInitial());
    assertEquals(Duration.ofMinutes(5), r.backoffMax());
    assertEquals(Duration.ofHours(24), r.retryHorizon());
    assertEquals(10_000, r.pendingCapacity());
    assertEquals(new PendingStoreSetting.WorkDirectory(), r.pendingStore());
    assertEquals(256, r.maxConcurrency());
    assertEquals(5, r.breakerFailures());
    assertEquals(Duration.ofSeconds(30), r.breakerCooldown());
    assertEquals(Duration.ofSeconds(2), r.shutdownGrace());
  }

  @Test
  void everyKeyIsParsedAndShown(@TempDir Path dir) {
    Map<String, String> values = new HashMap<>();
    values.put("max-attempts", "5");
    values.put("backoff-initial", "50ms");
    values.put("backoff-max", "2m");
    values.put("retry-horizon", "48h");
    values.put("pending-capacity", "100");
    values.put("pending-store", dir.toString());
    values.put("max-concurrency", "4");
    values.put("breaker-failures", "10");
    values.put("breaker-cooldown", "1m");
    values.put("shutdown-grace", "0ms");
    MoonKeyConfig config = parse(values);

    assertEquals(
        new Reliability(
            5,
            Duration.ofMillis(50),
            Duration.ofMinutes(2),
            Duration.ofHours(48),
            100,
            new PendingStoreSetting.Directory(dir),
            4,
            10,
            Duration.ofMinutes(1),
            Duration.ZERO),
        config.reliability());
    String shown = config.toString();
    assertTrue(
        shown.contains(
            "max-attempts=5, backoff-initial=50ms, backoff-max=2m, retry-horizon=48h,"
                + " pending-capacity=100, pending-store="
                + dir
                + ", max-concurrency=4, breaker-failures=10, breaker-cooldown=1m,"
                + " shutdown-grace=0ms,"),
        shown);
  }

  @Test
  void withoutAStoreTheStartUpLineNamesTheWorkDirectory() {
    MoonKeyConfig config = parse(Map.of());
    assertTrue(config.toString().contains("pending-store=(the application's work directory)"));
    assertEquals(new PendingStoreSetting.WorkDirectory(), config.reliability().pendingStore());
  }

  @Test
  void memoryIsAnExplicitChoice() {
    MoonKeyConfig config = parse(Map.of("pending-store", " memory "));
    assertEquals(new PendingStoreSetting.Memory(), config.reliability().pendingStore());
    assertTrue(config.toString().contains("pending-store=memory,"), config.toString());
  }

  @Test
  void jdbcNamesTheApplicationsDataSource() {
    MoonKeyConfig config = parse(Map.of("pending-store", "jdbc:java:comp/env/jdbc/moonkey"));
    assertEquals(
        new PendingStoreSetting.Jdbc("java:comp/env/jdbc/moonkey"),
        config.reliability().pendingStore());
    assertTrue(
        config.toString().contains("pending-store=jdbc:java:comp/env/jdbc/moonkey,"),
        config.toString());
  }

  @Test
  void backoffMaxDefaultsToAtLeastBackoffInitial() {
    assertEquals(
        Duration.ofMinutes(5), parse(Map.of("backoff-initial", "1m")).reliability().backoffMax());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "max-attempts|0|moonkey.max-attempts: expected an integer from 1 to 10, got '0' (from setting 'max-attempts')",
        "max-attempts|11|moonkey.max-attempts: expected an integer from 1 to 10, got '11' (from setting 'max-attempts')",
        "max-attempts|three|moonkey.max-attempts: expected an integer from 1 to 10, got 'three' (from setting 'max-attempts')",
        "backoff-initial|5ms|moonkey.backoff-initial: expected a duration between 10ms and 1m, got '5ms' (from setting 'backoff-initial')",
        "backoff-initial|fast|moonkey.backoff-initial: expected a duration like 5s or 500ms, got 'fast' (from setting 'backoff-initial')",
        "backoff-max|100ms|moonkey.backoff-max: expected a duration between backoff-initial (200ms) and 24h, got '100ms' (from setting 'backoff-max')",
        "backoff-max|25h|moonkey.backoff-max: expected a duration between backoff-initial (200ms) and 24h, got '25h' (from setting 'backoff-max')",
        "retry-horizon|30s|moonkey.retry-horizon: expected a duration between 1m and 720h, got '30s' (from setting 'retry-horizon')",
        "retry-horizon|721h|moonkey.retry-horizon: expected a duration between 1m and 720h, got '721h' (from setting 'retry-horizon')",
        "pending-capacity|0|moonkey.pending-capacity: expected an integer from 1 to 1000000, got '0' (from setting 'pending-capacity')",
        "pending-capacity|-1|moonkey.pending-capacity: expected an integer from 1 to 1000000, got '-1' (from setting 'pending-capacity')",
        "pending-store|relative/dir|moonkey.pending-store: expected an absolute directory path, jdbc:<JNDI name> or memory, got 'relative/dir' (from setting 'pending-store')",
        "pending-store|jdbc:|moonkey.pending-store: expected jdbc: followed by a JNDI name, such as jdbc:java:comp/env/jdbc/moonkey, got 'jdbc:' (from setting 'pending-store')",
        "max-concurrency|0|moonkey.max-concurrency: expected an integer from 1 to 10000, got '0' (from setting 'max-concurrency')",
        "max-concurrency|10001|moonkey.max-concurrency: expected an integer from 1 to 10000, got '10001' (from setting 'max-concurrency')",
        "breaker-failures|0|moonkey.breaker-failures: expected an integer from 1 to 1000, got '0' (from setting 'breaker-failures')",
        "breaker-cooldown|50ms|moonkey.breaker-cooldown: expected a duration between 100ms and 1h, got '50ms' (from setting 'breaker-cooldown')",
        "breaker-cooldown|2h|moonkey.breaker-cooldown: expected a duration between 100ms and 1h, got '2h' (from setting 'breaker-cooldown')",
        "shutdown-grace|2m|moonkey.shutdown-grace: expected a duration between 0ms and 1m, got '2m' (from setting 'shutdown-grace')",
        "shutdown-grace|1 s|moonkey.shutdown-grace: expected a duration like 5s or 500ms, got '1 s' (from setting 'shutdown-grace')",
      })
  void badValuesAreNamedExactly(String key, String value, String message) {
    ConfigException e = assertThrows(ConfigException.class, () -> parse(Map.of(key, value)));
    assertEquals(message, e.getMessage());
  }

  @Test
  void pendingStoreThatIsAFileIsRefused(@TempDir Path dir) throws Exception {
    Path file = Files.createFile(dir.resolve("journal"));
    ConfigException e =
        assertThrows(ConfigException.class, () -> parse(Map.of("pending-store", file.toString())));
    assertEquals(
        "moonkey.pending-store: expected an absolute directory path, but it is a file, got '"
            + file
            + "' (from setting 'pending-store')",
        e.getMessage());
  }
}
