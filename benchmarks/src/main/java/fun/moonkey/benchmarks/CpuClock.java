package fun.moonkey.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time read from Linux's {@code /proc}: of one process (all its threads, user and system) and
 * of the whole machine. Values are in clock ticks; {@link #ticksPerSecond()} converts them.
 */
final class CpuClock {

  /** The machine's CPU time since boot, summed over every core. */
  record MachineTicks(long busy, long total) {

    /** The share of CPU time that was busy between {@code before} and this reading, 0 to 1. */
    double busySince(MachineTicks before) {
      long total = this.total - before.total;
      return total == 0 ? 0 : (busy - before.busy) / (double) total;
    }
  }

  private static final int DEFAULT_TICKS_PER_SECOND = 100;

  private CpuClock() {}

  /**
   * User plus system time of the process so far, fields 14 and 15 of {@code /proc/<pid>/stat}.
   *
   * @throws UncheckedIOException if the process is gone or the file cannot be read
   */
  static long processTicks(long pid) {
    String stat = read(Path.of("/proc", Long.toString(pid), "stat"));
    // Field 2 is the command name in parentheses and may hold spaces or parentheses itself:
    // count the fields from the last ')', after which field 3 (the state) comes.
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" +");
    return Long.parseLong(fields[14 - 3]) + Long.parseLong(fields[15 - 3]);
  }

  /** The first line of {@code /proc/stat}: idle and iowait count as not busy. */
  static MachineTicks machineTicks() {
    String cpu = read(Path.of("/proc/stat")).lines().findFirst().orElseThrow();
    String[] fields = cpu.trim().split(" +");
    long total = 0;
    // user nice system idle iowait irq softirq steal; guest time is already in user and nice.
    for (int i = 1; i <= 8 && i < fields.length; i++) {
      total += Long.parseLong(fields[i]);
    }
    long idle = Long.parseLong(fields[4]) + Long.parseLong(fields[5]);
    return new MachineTicks(total - idle, total);
  }

  /** {@code getconf CLK_TCK}, or 100 (the value on every common Linux) if that fails. */
  static int ticksPerSecond() {
    try {
      Process getconf = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
      String out = new String(getconf.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
      return getconf.waitFor() == 0 ? Integer.parseInt(out.trim()) : DEFAULT_TICKS_PER_SECOND;
    } catch (IOException | NumberFormatException e) {
      return DEFAULT_TICKS_PER_SECOND;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return DEFAULT_TICKS_PER_SECOND;
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + file, e);
    }
  }
}
