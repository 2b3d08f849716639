package fun.moonkey.benchmarks;

import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/** The report's account of how sections 2 and 3 measure, shared by both. */
final class MethodText {

  private MethodText() {}

  /** How every server JVM is warmed up, measured and read, as a Markdown list. */
  static String method(MeasureSettings s) {
    return String.format(
        Locale.ROOT,
        "- Pairs: each contender is measured %d time(s), in alternating order (as listed, then"
            + " reversed, and so on), on JVMs of its own that it keeps for the whole section"
            + " (started, checked and warmed up once, idle while the others run); a ratio is"
            + " taken within each pair, and the tables give"
            + " the median over the pairs with the range of the pairs in parentheses (median"
            + " alone for one pair).%n"
            + "- Warm-up: wrk runs in %d s steps, cycling through the numbers of connections to be"
            + " measured, for at least %d s and until the JIT compiler threads (`C1/C2"
            + " CompilerThread*`, read from `/proc/<pid>/task/*/stat`) of the server and the"
            + " emulator used less than %.1f %% of one core over the last step, or %d s at most."
            + " Then, for each number of connections: a %d s settling run, not counted, and the"
            + " measured run of %d s.%n"
            + "- Per logout, over the measured run: server CPU = `utime + stime` of the server"
            + " process (`/proc/<pid>/stat`, dead threads included) minus its JIT compiler threads,"
            + " whose CPU is the JIT column; context switches = `voluntary_ctxt_switches +"
            + " nonvoluntary_ctxt_switches` summed over `/proc/<pid>/task/*/status` before and"
            + " after (Linux counts them per thread: a thread that exits in the window takes its"
            + " switches with it; the column of threads exited says how many did); thread starts"
            + " = `ThreadMXBean.getTotalStartedThreadCount()` of the server JVM, asked before and"
            + " after on its standard input. The JVMs run with"
            + " `-XX:-UseDynamicNumberOfCompilerThreads`, so their compiler threads never exit.%n",
        s.pairs(),
        MeasureSettings.WARMUP_STEP.toSeconds(),
        s.warmup().toSeconds(),
        s.jitQuietPercent(),
        s.warmupMax().toSeconds(),
        s.settle().toSeconds(),
        s.measure().toSeconds());
  }

  /** A table of each contender's warm-up: how long, and whether the JIT went quiet. */
  static <K> String warmups(List<Run<K>> runs, Function<K, String> label) {
    StringBuilder md =
        new StringBuilder(
            "Warm-ups (once per contender):\n\n"
                + "| contender | warm-up | ended | JIT CPU in the last step |\n"
                + "| --- | --- | --- | --- |\n");
    for (Run<K> run : runs) {
      if (run.pair() == 0) {
        Meter.Warmup w = run.warmup();
        md.append(
            String.format(
                Locale.ROOT,
                "| %s | %d s | %s | %.1f %% of a core |%n",
                label.apply(run.contender()),
                w.took().toSeconds(),
                w.quiet() ? "JIT quiet" : "**at the cap, JIT still compiling**",
                w.lastStepJitPercent()));
      }
    }
    return md.append('\n').toString();
  }

  /** {@code 50, 200 and 1000}. */
  static String joined(List<Integer> values) {
    List<String> text = values.stream().map(String::valueOf).toList();
    return text.size() == 1
        ? text.get(0)
        : String.join(", ", text.subList(0, text.size() - 1)) + " and " + text.get(text.size() - 1);
  }

  /** A figure with no decimals, or {@code n/a} for NaN. */
  static String whole(double value) {
    return Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, "%.0f", value);
  }

  /** A figure with {@code decimals} decimals, or {@code n/a} for NaN. */
  static String decimals(double value, int decimals) {
    return Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, "%." + decimals + "f", value);
  }
}
