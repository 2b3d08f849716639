package fun.moonkey.store;

import fun.moonkey.config.MoonKeyConfig;
import fun.moonkey.config.PendingStoreSetting;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/** Opens the store that {@code pending-store} names, at the start of a retrier. */
final class PendingStores {

  /**
   * How long a node's claim on a shared row lasts without renewal: a dead node's rows go to another
   * node this long after its last renewal (renewed every third of it).
   */
  static final Duration LEASE = Duration.ofSeconds(30);

  private static final Logger LOG = System.getLogger(PendingStores.class.getName());

  private PendingStores() {}

  /**
   * @param workDirectory the application's work directory, or null where the runtime has none
   * @return the store, or null for memory only
   */
  static PendingStore open(MoonKeyConfig config, Path workDirectory) {
    PendingStoreSetting setting = config.reliability().pendingStore();
    if (setting instanceof PendingStoreSetting.Directory directory) {
      return PendingJournal.open(
          directory.path(), SealingKeys.of(config.secretKey(), config.previousSecretKey()));
    }
    if (setting instanceof PendingStoreSetting.Jdbc jdbc) {
      return shared(config, jdbc, workDirectory);
    }
    if (setting instanceof PendingStoreSetting.WorkDirectory) {
      if (workDirectory != null) {
        return WorkDirectoryStore.open(
            workDirectory, config.apiUrl(), config.secretKey(), config.previousSecretKey());
      }
      LOG.log(
          Level.INFO,
          "Pending revocations stay in memory, and a crash loses them: this runtime gives no"
              + " work directory; set pending-store to keep them");
    }
    return null;
  }

  private static PendingStore shared(
      MoonKeyConfig config, PendingStoreSetting.Jdbc jdbc, Path workDirectory) {
    JdbcPendingStore table =
        new JdbcPendingStore(
            JndiDataSource.lookup(jdbc.jndiName()),
            WorkDirectoryStore.project(config.apiUrl(), config.secretKey()),
            new Sealer(config.secretKey()),
            LEASE,
            Clock.systemUTC(),
            config
                .previousSecretKey()
                .map(
                    key ->
                        new JdbcPendingStore.PreviousKey(
                            WorkDirectoryStore.project(config.apiUrl(), key), new Sealer(key)))
                .orElse(null));
    // The table is created, when missing, by the first refresh on the retrier's shared thread:
    // a database that hangs at start-up cannot hold the application's start.
    return workDirectory != null
        ? new FallbackStore(
            table,
            WorkDirectoryStore.open(
                workDirectory, config.apiUrl(), config.secretKey(), config.previousSecretKey()),
            true)
        : new FallbackStore(table, new MemoryStore(), false);
  }
}
