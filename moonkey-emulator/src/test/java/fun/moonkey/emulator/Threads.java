package fun.moonkey.emulator;

import java.util.List;

/** Live threads, for tests that check that the emulator leaves none behind. */
final class Threads {

  private Threads() {}

  /** Names of the live threads an emulator started. */
  static List<String> emulatorThreads() {
    return named(EmulatorThreadFactory.THREAD_NAME_PREFIX);
  }

  /** Names of the live threads whose name starts with {@code prefix}. */
  static List<String> named(String prefix) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(Thread::isAlive)
        .map(Thread::getName)
        .filter(name -> name.startsWith(prefix))
        .sorted()
        .toList();
  }
}
