package fun.moonkey.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The default pending-store: a journal in the application's work directory ({@code
 * ServletContext.TEMPDIR}), which the container keeps across restarts of the application.
 *
 * <p>An application may run several MoonKey clients (one per configuration), so each takes a slot
 * of its own, {@code moonkey-pending/<project>-<n>}, the first one free. {@code <project>} is a
 * hash of MoonKey's URL and secret key: a slot is only ever read by a client of the same MoonKey
 * project. A slot no running client holds (the application now runs fewer clients) is taken over at
 * start-up by the next client of its project, what it holds moved into that client's journal.
 *
 * <p><b>Key rotation.</b> A new secret key names a new project, so the old key's slots are not its
 * own. With {@code previous-secret-key}, the client takes over the free slots of the old key's
 * project too: their records open with the old key and are sealed anew with the new one as they
 * move. Without it, the start-up counts what free slots of other projects hold and logs it at
 * WARNING ({@link RotationWarning}); nothing is read or changed there.
 */
final class WorkDirectoryStore {

  /** The store's directory within the work directory. */
  static final String DIRECTORY = "moonkey-pending";

  /** The most clients of one MoonKey project in one application. */
  static final int SLOTS = 16;

  private static final Logger LOG = System.getLogger(WorkDirectoryStore.class.getName());

  /** A slot's directory name: a project's id and the slot's number. */
  private static final Pattern SLOT_NAME = Pattern.compile("[0-9a-f]{16}-[0-9]{1,2}");

  private WorkDirectoryStore() {}

  /** {@link #open(Path, URI, String, Optional)} for a client without a previous key. */
  static PendingJournal open(Path workDirectory, URI apiUrl, String secretKey) {
    return open(workDirectory, apiUrl, secretKey, Optional.empty());
  }

  /**
   * Opens the first free slot of the project, then takes over every other slot left free: of the
   * project, and of the previous key's project.
   *
   * @param workDirectory the application's work directory
   * @param previousSecretKey the key {@code secretKey} replaced, whose slots are taken over
   * @throws IllegalStateException when every slot is held
   */
  static PendingJournal open(
      Path workDirectory, URI apiUrl, String secretKey, Optional<String> previousSecretKey) {
    Path base = workDirectory.resolve(DIRECTORY);
    String project = project(apiUrl, secretKey);
    SealingKeys keys = SealingKeys.of(secretKey, previousSecretKey);
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
    Optional<String> previousProject = previousSecretKey.map(key -> project(apiUrl, key));
    if (previousProject.isPresent()) {
      int moved = 0;
      for (int old = 1; old <= SLOTS; old++) {
        moved += takeOver(own, base.resolve(previousProject.get() + "-" + old), keys);
      }
      if (moved > 0) {
        LOG.log(
            Level.INFO,
            "{0} pending revocation(s) queued under the previous secret key taken over from {1}",
            moved,
            base);
      }
    }
    RotationWarning.log(waitingInOtherProjects(base, project, previousProject), base);
    LOG.log(
        Level.DEBUG,
        "Pending revocations are journalled in {0}",
        base.resolve(project + "-" + slot));
    return own;
  }

  /**
   * Moves what a free slot holds into {@code own}; the emptied slot stays, for the next client.
   *
   * @return how many revocations moved
   */
  private static int takeOver(PendingJournal own, Path slot, SealingKeys keys) {
    if (!Files.isDirectory(slot)) {
      return 0;
    }
    PendingJournal left = openIfFree(slot, keys);
    if (left == null) {
      return 0;
    }
    int moved = 0;
    try (left) {
      for (PendingRevocation revocation : left.pending()) {
        // Recorded here (and forced) before it is marked done there: a crash between the two
        // sends it twice, never loses it.
        own.add(revocation.credential(), revocation.reach(), revocation.firstFailed());
        left.done(revocation.id());
        moved++;
      }
      if (moved > 0) {
        left.compactNow(); // what moved leaves the old slot's file at once
      }
    } catch (UncheckedIOException e) {
      // A full disk, say: what did not move stays in its slot for the next start.
      LOG.log(
          Level.WARNING,
          "Cannot take over the pending revocations of {0}; they stay there for the next start: {1}",
          slot,
          e.getCause().toString());
    }
    return moved;
  }

  /**
   * What the free slots of other projects hold (not this project's, not the previous key's), read
   * without their keys.
   */
  private static int waitingInOtherProjects(
      Path base, String project, Optional<String> previousProject) {
    int waiting = 0;
    try (DirectoryStream<Path> slots = Files.newDirectoryStream(base)) {
      for (Path slot : slots) {
        String name = slot.getFileName().toString();
        if (SLOT_NAME.matcher(name).matches()
            && !name.startsWith(project + "-")
            && !previousProject.map(old -> name.startsWith(old + "-")).orElse(false)) {
          waiting += PendingJournal.waitingIn(slot).orElse(0);
        }
      }
    } catch (IOException | UncheckedIOException e) {
      LOG.log(Level.DEBUG, "Cannot look for other projects'' slots in {0}: {1}", base, e);
    }
    return waiting;
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
