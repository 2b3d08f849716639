package fun.moonkey.benchmarks;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * The machine and the day of a run, as each chart's subtitle names them: absolute figures are only
 * comparable within one run on one machine.
 *
 * @param cores the processors the JVM sees
 * @param jvm the JVM's name and version
 * @param date the day of the run (UTC)
 */
record Machine(int cores, String jvm, LocalDate date) {

  /** This JVM on this machine, today. */
  static Machine current() {
    return new Machine(
        Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.vm.name") + " " + System.getProperty("java.version"),
        LocalDate.ofInstant(Instant.now(), ZoneOffset.UTC));
  }

  /** For example {@code One run on 2 cores, OpenJDK 64-Bit Server VM 17.0.15, 2026-12-04}. */
  String label() {
    return "One run on " + cores + (cores == 1 ? " core, " : " cores, ") + jvm + ", " + date;
  }
}
