package fun.moonkey.pending;

import fun.moonkey.config.ProjectId;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The default pending-store: a journal in the application's work directory ({@code
 * ServletContext.TEMPDIR}), which the container keeps across restarts of the application.
 *
 * <p>An application may run several MoonKey clients (one per configuration), so each takes a slot
 * of its own, {@code moonkey-pending/<project>-<n>}, the first one free. {@code <project>} is a
 * hash of MoonKey's URL and secret key: a slot is only ever read by a client of the same MoonKey
 * project. A slot no running client holds (the application now runs fewer clients) is taken over at
 * start-up by the next client of its project, what it holds moved into that client's journal.
 */
final class WorkDirectoryStore {

  /** The store's directory within the work directory. */
  static final String DIRECTORY = "moonkey-pending";

  /** The most clients of one MoonKey project in one application. */
  static final int SLOTS = 16;

  private static final Logger LOG = System.getLogger(WorkDirectoryStore.class.getName());

  private WorkDirectoryStore() {}

  /**
   * Opens the first free slot of the project, then takes over every other slot left free.
   *
   * @param workDirectory the application's work directory
   * @throws IllegalStateException when every slot is held
   */
  static PendingJournal open(Path workDirectory, URI apiUrl, String secretKey) {
    Path base = workDirectory.resolve(DIRECTORY);
    String project = project(apiUrl, secretKey);
    SealingKeys keys = SealingKeys.of(secretKey);
    PendingJournal own = null;
    int slot = 0;
    while (own == null && slot < SLOTS) {
      slot++;
      own = openIfFree(base.resolve(project + "-" + slot), keys);
    }
    if (own == null) {
      throw new IllegalStateException(
          "All "
              + SLOTS
              + " pending-store slots in "
              + base
              + " are held by other MoonKey clients: give this one a pending-store of its own");
    }
    for (int other = slot + 1; other <= SLOTS; other++) {
      takeOver(own, base.resolve(project + "-" + other), keys);
    }
    LOG.log(
        Level.DEBUG,
        "Pending revocations are journalled in {0}",
        base.resolve(project + "-" + slot));
    return own;
  }

  /** Moves what a free slot holds into {@code own}; the emptied slot stays, for the next client. */
  private static void takeOver(PendingJournal own, Path slot, SealingKeys keys) {
    if (!Files.isDirectory(slot)) {
      return;
    }
    PendingJournal left = openIfFree(slot, keys);
    if (left == null) {
      return;
    }
    try (left) {
      for (PendingRevocation revocation : left.pending()) {
        // Recorded here (and forced) before it is marked done there: a crash between the two
        // sends it twice, never loses it.
        own.add(revocation.credential(), revocation.firstFailed());
        left.done(revocation.id());
      }
    }
  }

  private static PendingJournal openIfFree(Path slot, SealingKeys keys) {
    try {
      return PendingJournal.open(slot, keys);
    } catch (PendingJournal.InUse held) {
      return null;
    }
  }

  /** The project's id in slot names: {@link ProjectId#of(URI, String)}. */
  static String project(URI apiUrl, String secretKey) {
    return ProjectId.of(apiUrl, secretKey);
  }
}
