package fun.moonkey.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Warms up and measures the JVMs of one contender with wrk, the same way in sections 2 and 3.
 *
 * <p>Warm-up: wrk runs in steps of {@link MeasureSettings#WARMUP_STEP}, cycling through the numbers
 * of connections to be measured, until at least {@link MeasureSettings#warmup()} has passed and the
 * JIT compiler threads of the JVMs under load used less than {@link
 * MeasureSettings#jitQuietPercent()} of one core over the last step, or until {@link
 * MeasureSettings#warmupMax()}.
 *
 * <p>Each measured run follows an uncounted settling run at its number of connections; {@link
 * ProcessSample}s of the server and the emulator, the server's count of started threads, the
 * emulator's record of deletions and the machine's CPU time are read just before and just after it.
 */
final class Meter {

  /**
   * How a warm-up went.
   *
   * @param took how long it ran
   * @param quiet whether it ended because the JIT went quiet (false: it hit the cap)
   * @param lastStepJitPercent the JIT's CPU over the last step, in percent of one core
   */
  record Warmup(Duration took, boolean quiet, double lastStepJitPercent) {}

  private final Wrk wrk;
  private final MeasureSettings settings;
  private final int ticksPerSecond = CpuClock.ticksPerSecond();
  private final double microsPerTick = 1e6 / ticksPerSecond;

  Meter(Wrk wrk, MeasureSettings settings) {
    this.wrk = wrk;
    this.settings = settings;
  }

  MeasureSettings settings() {
    return settings;
  }

  /**
   * Warms up the server under test and the emulator with {@code job}, the emulator's record of
   * requests forgotten after each step (it keeps each request whole).
   *
   * @param server the server under test; null when wrk calls the emulator directly
   * @param emulator the MoonKey emulator; null when there is none
   */
  Warmup warmUp(WrkJob job, List<Integer> connections, ChildJvm server, ChildJvm emulator)
      throws InterruptedException {
    List<Long> pids = new ArrayList<>();
    for (ChildJvm jvm : java.util.Arrays.asList(server, emulator)) {
      if (jvm != null) {
        pids.add(jvm.pid());
      }
    }
    long step = MeasureSettings.WARMUP_STEP.toSeconds();
    long minSteps = Math.max(1, (settings.warmup().toSeconds() + step - 1) / step);
    long maxSteps = Math.max(minSteps, settings.warmupMax().toSeconds() / step);
    long started = System.nanoTime();
    double percent = Double.NaN;
    for (int i = 0; i < maxSteps; i++) {
      long jitBefore = jitTicks(pids);
      long stepStarted = System.nanoTime();
      run(job, connections.get(i % connections.size()), MeasureSettings.WARMUP_STEP, "warmup");
      double seconds = (System.nanoTime() - stepStarted) / 1e9;
      percent = 100.0 * (jitTicks(pids) - jitBefore) / ticksPerSecond / seconds;
      if (emulator != null) {
        emulator.command("reset", EmulatorMain.OK);
      }
      System.out.printf(
          java.util.Locale.ROOT, "  warm-up step %d: JIT %.1f %% of a core%n", i + 1, percent);
      if (i + 1 >= minSteps && percent < settings.jitQuietPercent()) {
        return new Warmup(Duration.ofNanos(System.nanoTime() - started), true, percent);
      }
    }
    return new Warmup(Duration.ofNanos(System.nanoTime() - started), false, percent);
  }

  /**
   * One measured run at {@code c} connections, after its settling run.
   *
   * @param server the server under test; null when wrk calls the emulator directly
   * @param emulator the MoonKey emulator; null when there is none
   * @throws IllegalStateException if wrk counted no logout
   */
  Window measure(int pair, WrkJob job, int c, ChildJvm server, ChildJvm emulator)
      throws InterruptedException {
    if (!settings.settle().isZero()) {
      run(job, c, settings.settle(), "settle-" + pair + "-" + c);
    }
    if (emulator != null) {
      emulator.command("reset", EmulatorMain.OK);
    }
    Map<String, Long> statsBefore = server == null ? Map.of() : stats(server);
    ProcessSample serverBefore = server == null ? null : ProcessSample.of(server.pid());
    ProcessSample emulatorBefore = emulator == null ? null : ProcessSample.of(emulator.pid());
    CpuClock.MachineTicks machineBefore = CpuClock.machineTicks();
    Wrk.Result load = run(job, c, settings.measure(), "measured-" + pair + "-" + c);
    CpuClock.MachineTicks machineAfter = CpuClock.machineTicks();
    ProcessSample emulatorAfter = emulator == null ? null : ProcessSample.of(emulator.pid());
    ProcessSample serverAfter = server == null ? null : ProcessSample.of(server.pid());
    Map<String, Long> statsAfter = server == null ? Map.of() : stats(server);
    long logouts = load.successes();
    if (logouts <= 0) {
      throw new IllegalStateException(
          job.script() + " at " + c + " connections: no logout answered; " + load);
    }
    double deletes = Double.NaN;
    int connections = 0;
    double emulatorCpu = Double.NaN;
    if (emulator != null) {
      Map<String, Long> stats = emulator.values("stats", EmulatorMain.STATS);
      deletes = stats.get("deletes") / (double) logouts;
      connections = stats.get("connections").intValue();
      emulatorCpu =
          (emulatorAfter.cpuTicks() - emulatorBefore.cpuTicks()) * microsPerTick / logouts;
    }
    return new Window(
        pair,
        c,
        load,
        server == null
            ? null
            : ServerCosts.between(
                serverBefore,
                serverAfter,
                statsBefore.get("threadsStarted"),
                statsAfter.get("threadsStarted"),
                logouts,
                microsPerTick),
        emulatorCpu,
        deletes,
        connections,
        machineAfter.busySince(machineBefore),
        statsAfter.getOrDefault("sessionsEnded", 0L)
            - statsBefore.getOrDefault("sessionsEnded", 0L));
  }

  private static Map<String, Long> stats(ChildJvm server) throws InterruptedException {
    return server.values("stats", ServerMain.STATS);
  }

  private static long jitTicks(List<Long> pids) {
    long ticks = 0;
    for (long pid : pids) {
      ticks += ProcessSample.of(pid).jitTicks();
    }
    return ticks;
  }

  private Wrk.Result run(WrkJob job, int c, Duration duration, String prefix)
      throws InterruptedException {
    List<String> args = new ArrayList<>();
    args.add(prefix);
    args.addAll(job.args());
    // A request slower than the whole measured run counts as an error rather than as a latency.
    return wrk.run(job.script(), job.url(), 2, c, duration, settings.measure(), args);
  }
}
