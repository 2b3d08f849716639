package fun.moonkey.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/**
 * One reading of a process's costs from Linux's {@code /proc}, taken before and after a measured
 * window:
 *
 * <ul>
 *   <li>{@code cpuTicks}: user plus system time of the whole process, fields 14 and 15 of {@code
 *       /proc/<pid>/stat}, which include the threads that have already exited;
 *   <li>{@code jitTicks}: the same fields of the threads whose name starts with {@code C1
 *       CompilerThre} or {@code C2 CompilerThre} ({@code /proc/<pid>/task/<tid>/stat}), HotSpot's
 *       JIT compilers; the server JVMs run with {@code -XX:-UseDynamicNumberOfCompilerThreads} so
 *       that these threads never exit and their time is never lost;
 *   <li>{@code contextSwitches}: {@code voluntary_ctxt_switches + nonvoluntary_ctxt_switches}
 *       summed over {@code /proc/<pid>/task/*&#47;status}. Linux keeps these counters per thread
 *       only (the process's own {@code status} shows its main thread's), so the switches of a
 *       thread that exits between two readings are lost: {@link #threadIds} lets the caller count
 *       such threads.
 * </ul>
 *
 * <p>A thread may exit while it is read; it is then left out of that reading.
 */
record ProcessSample(long cpuTicks, long jitTicks, long contextSwitches, Set<Long> threadIds) {

  /** Copies the set. */
  ProcessSample {
    threadIds = Set.copyOf(threadIds);
  }

  /**
   * Reads the process now.
   *
   * @throws UncheckedIOException if the process is gone
   */
  static ProcessSample of(long pid) {
    Path proc = Path.of("/proc", Long.toString(pid));
    long cpu = ticks(statFields(read(proc.resolve("stat"))));
    long jit = 0;
    long switches = 0;
    Set<Long> ids = new HashSet<>();
    try (DirectoryStream<Path> tasks = Files.newDirectoryStream(proc.resolve("task"))) {
      for (Path task : tasks) {
        try {
          String stat = Files.readString(task.resolve("stat"), StandardCharsets.US_ASCII);
          String status = Files.readString(task.resolve("status"), StandardCharsets.US_ASCII);
          String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
          if (name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre")) {
            jit += ticks(statFields(stat));
          }
          switches += counter(status, "voluntary_ctxt_switches:");
          switches += counter(status, "nonvoluntary_ctxt_switches:");
          ids.add(Long.parseLong(task.getFileName().toString()));
        } catch (IOException exited) {
          // The thread exited while it was read: Linux answers ENOENT or, once the directory is
          // open, ESRCH ("No such process").
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the threads of process " + pid, e);
    }
    return new ProcessSample(cpu, jit, switches, ids);
  }

  /** The threads of {@code before} that are gone in this reading. */
  int threadsExitedSince(ProcessSample before) {
    int gone = 0;
    for (Long id : before.threadIds) {
      if (!threadIds.contains(id)) {
        gone++;
      }
    }
    return gone;
  }

  /**
   * The fields after the command name, which is in parentheses and may hold spaces or parentheses
   * itself: index 0 is field 3 (the state).
   */
  private static String[] statFields(String stat) {
    return stat.substring(stat.lastIndexOf(')') + 2).trim().split(" +");
  }

  private static long ticks(String[] fields) {
    return Long.parseLong(fields[14 - 3]) + Long.parseLong(fields[15 - 3]);
  }

  private static long counter(String status, String name) {
    int start = status.indexOf(name);
    if (start < 0) {
      throw new IllegalStateException("/proc status has no " + name);
    }
    int end = status.indexOf('\n', start);
    return Long.parseLong(
        status.substring(start + name.length(), end < 0 ? status.length() : end).strip());
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + file, e);
    }
  }
}
