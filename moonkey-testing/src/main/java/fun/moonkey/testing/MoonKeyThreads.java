package fun.moonkey.testing;

import java.util.Set;
import java.util.stream.Collectors;

/** The live threads of the JVM's MoonKey clients, by name ({@code moonkey-<role>-<client>-<n>}). */
public final class MoonKeyThreads {

  private MoonKeyThreads() {}

  /** How many live threads MoonKey clients have: I/O, timer, workers and retriers. */
  public static long count() {
    return names().size();
  }

  /**
   * The clients that have live threads, each as {@code moonkey-io-<client>} (every client has I/O
   * threads from its start to its close).
   */
  public static Set<String> clients() {
    return names().stream()
        .filter(n -> n.startsWith("moonkey-io-"))
        .map(n -> n.substring(0, n.lastIndexOf('-')))
        .collect(Collectors.toSet());
  }

  /** The names of those threads. */
  public static Set<String> names() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(Thread::isAlive)
        .map(Thread::getName)
        .filter(
            n ->
                n.startsWith("moonkey-revoker-")
                    || n.startsWith("moonkey-io-")
                    || n.startsWith("moonkey-timer-")
                    || n.startsWith("moonkey-retrier-"))
        .collect(Collectors.toSet());
  }
}
