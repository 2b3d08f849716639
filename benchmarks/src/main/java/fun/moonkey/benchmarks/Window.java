package fun.moonkey.benchmarks;

/**
 * One measured wrk run of one contender at one number of connections.
 *
 * @param pair the pair of runs it belongs to, from 0
 * @param connections wrk's connections C
 * @param load what wrk counted
 * @param server the server JVM's costs per logout; null when wrk calls the emulator directly
 * @param emulatorCpuMicros the emulator's CPU per logout, µs; NaN when there is no emulator
 * @param moonKeyCallsPerLogout deletions the emulator received per logout; NaN without emulator
 * @param moonKeyConnections TCP connections that carried them; 0 without emulator
 * @param machineBusy the share of the machine's CPU time that was busy, 0 to 1
 * @param sessionsEnded the {@code HttpSession}s that ended in the server during the run; 0 when
 *     there is no server
 */
record Window(
    int pair,
    int connections,
    Wrk.Result load,
    ServerCosts server,
    double emulatorCpuMicros,
    double moonKeyCallsPerLogout,
    int moonKeyConnections,
    double machineBusy,
    long sessionsEnded) {

  /** Logouts per second. */
  double logoutsPerSecond() {
    return load.successesPerSecond();
  }
}
