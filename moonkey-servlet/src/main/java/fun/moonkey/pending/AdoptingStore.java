package fun.moonkey.pending;

import fun.moonkey.config.MoonKeyConfig;
import fun.moonkey.config.ProjectId;
import fun.moonkey.credential.Credential;
import java.io.UncheckedIOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The shared table of a client whose secret key was rotated ({@code previous-secret-key}): before
 * each claim ({@link #pending()} at start, {@link #refresh()} after) it moves the rows its MoonKey
 * project left under the previous key to the current one ({@link JdbcPendingStore#adopt}). A node
 * on the new key so delivers what nodes on the old key queued, including what they leave when they
 * stop later in a rolling restart. Thread-safe.
 */
final class AdoptingStore implements PendingStore {

  private static final Logger LOG = System.getLogger(AdoptingStore.class.getName());

  private final JdbcPendingStore table;
  private final String previousProject;
  private final Sealer previousSealer;

  /**
   * @param previousProject the previous key's project id ({@link fun.moonkey.config.ProjectId})
   * @param previousSealer the previous key's sealer
   */
  AdoptingStore(JdbcPendingStore table, String previousProject, Sealer previousSealer) {
    this.table = Objects.requireNonNull(table, "table");
    this.previousProject = Objects.requireNonNull(previousProject, "previousProject");
    this.previousSealer = Objects.requireNonNull(previousSealer, "previousSealer");
  }

  /**
   * The shared store for {@code config}: with {@code previous-secret-key}, {@code table} adopting
   * the previous key's rows; without, {@code table} itself, after a WARNING where rows of another
   * key wait that no node delivers ({@link RotationWarning}).
   */
  static PendingStore around(JdbcPendingStore table, MoonKeyConfig config) {
    Optional<String> previous = config.previousSecretKey();
    String previousProject = ProjectId.of(config.apiUrl(), previous.orElse(config.secretKey()));
    try {
      RotationWarning.log(table.freeRowsOfOtherProjects(previousProject), JdbcPendingStore.TABLE);
    } catch (UncheckedIOException e) {
      // Down at start-up: logged by the caller; the count is only for a warning.
      LOG.log(Level.DEBUG, "Cannot count other projects'' pending revocations: {0}", e);
    }
    return previous.isPresent()
        ? new AdoptingStore(table, previousProject, new Sealer(previous.get()))
        : table;
  }

  /**
   * @throws UncheckedIOException when the table cannot be reached
   */
  @Override
  public List<PendingRevocation> pending() {
    adopt();
    return table.pending();
  }

  @Override
  public PendingRevocation add(Credential credential, Instant firstFailed) {
    return table.add(credential, firstFailed);
  }

  @Override
  public void done(long id) {
    table.done(id);
  }

  @Override
  public Duration refreshEvery() {
    return table.refreshEvery();
  }

  /**
   * @throws UncheckedIOException when the table cannot be reached
   */
  @Override
  public List<PendingRevocation> refresh() {
    adopt();
    return table.refresh();
  }

  @Override
  public void close() {
    table.close();
  }

  private void adopt() {
    int moved = table.adopt(previousProject, previousSealer);
    if (moved > 0) {
      LOG.log(
          Level.INFO,
          "{0} pending revocation(s) queued under the previous secret key taken over from {1}",
          moved,
          JdbcPendingStore.TABLE);
    }
  }

  @Override
  public String toString() {
    return "AdoptingStore[" + table + ", previous project " + previousProject + "]";
  }
}
