package fun.moonkey.store;

import fun.moonkey.config.ConfigKeys;
import fun.moonkey.config.MoonKeyConfig;
import fun.moonkey.credential.Credential;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * The revoked lists of one application: one {@link RevokedSessions} per MoonKey project, shared by
 * every logout service of the application whatever else their configurations say, so that a {@code
 * LogoutResource} configured apart from the {@code LogoutFilter} records into the list the filter
 * enforces, with or without a {@code jdbc:} store.
 *
 * <p>A project's list runs while a service whose configuration has {@code enforce-revocations} is a
 * {@linkplain #join member}: the first such member starts it with its settings ({@code
 * pending-store}, {@code revocation-refresh}, {@code revoked-retention}), the last one to leave
 * closes it. Every member records into the running list of its project, enforcing or not.
 * Thread-safe.
 */
public final class RevokedLists {

  private static final Logger LOG = System.getLogger(RevokedLists.class.getName());

  private final Function<MoonKeyConfig, RevokedSessions> starter;
  private final Map<String, Running> running = new ConcurrentHashMap<>();

  /** Lists started as {@link RevokedSessions#start} starts them. */
  public RevokedLists() {
    this(RevokedSessions::start);
  }

  RevokedLists(Function<MoonKeyConfig, RevokedSessions> starter) {
    this.starter = Objects.requireNonNull(starter, "starter");
  }

  /** A project's running list, the configuration that started it, and how many enforce it. */
  private static final class Running {
    final RevokedSessions list;
    final MoonKeyConfig config;
    int enforcers;

    Running(RevokedSessions list, MoonKeyConfig config) {
      this.list = list;
      this.config = config;
    }
  }

  /**
   * Makes a service of {@code config} a member: it records into its project's list, and, when the
   * configuration enforces revocations, starts that list if it is not running yet.
   *
   * @param config a validated configuration
   * @return the membership; close it when the service stops
   */
  public Member join(MoonKeyConfig config) {
    String project = ProjectId.of(config);
    if (!config.enforceRevocations()) {
      return new Member(project, false);
    }
    synchronized (this) {
      Running list = running.get(project);
      if (list == null) {
        list = new Running(starter.apply(config), config);
        running.put(project, list);
      } else if (!sameList(list.config, config)) {
        LOG.log(
            Level.WARNING,
            "{0}: another entry point of this application already keeps the revoked list of this"
                + " MoonKey project; its {1}, {2} and {3} apply, not these",
            ConfigKeys.ENFORCE_REVOCATIONS,
            ConfigKeys.PENDING_STORE,
            ConfigKeys.REVOCATION_REFRESH,
            ConfigKeys.REVOKED_RETENTION);
      }
      list.enforcers++;
    }
    return new Member(project, true);
  }

  private static boolean sameList(MoonKeyConfig a, MoonKeyConfig b) {
    return a.reliability().pendingStore().equals(b.reliability().pendingStore())
        && a.revocationRefresh().equals(b.revocationRefresh())
        && a.revokedRetention().equals(b.revokedRetention());
  }

  private void leave(String project) {
    Running closing;
    synchronized (this) {
      Running list = running.get(project);
      if (list == null || --list.enforcers > 0) {
        return;
      }
      running.remove(project);
      closing = list;
    }
    // Closed outside the lock: its last write may wait for the database.
    closing.list.close();
  }

  /** One service's membership. {@link #close()} is idempotent. */
  public final class Member implements RevokedRecorder, AutoCloseable {
    private final String project;
    private final boolean enforces;
    private final AtomicBoolean closed = new AtomicBoolean();

    private Member(String project, boolean enforces) {
      this.project = project;
      this.enforces = enforces;
    }

    /** Into the project's list, when one runs. */
    @Override
    public void record(Collection<Credential> credentials) {
      Running list = running.get(project);
      if (list != null) {
        list.list.record(credentials);
      }
    }

    /** Into the project's list, when one runs. */
    @Override
    public void recordOwner(String userId, String keptCredential) {
      Running list = running.get(project);
      if (list != null) {
        list.list.recordOwner(userId, keptCredential);
      }
    }

    /** The project's list, when this member's configuration enforces revocations. */
    public Optional<RevokedSessions> enforced() {
      Running list = enforces ? running.get(project) : null;
      return list == null ? Optional.empty() : Optional.of(list.list);
    }

    /** Leaves; the last enforcing member closes the list. */
    @Override
    public void close() {
      if (closed.compareAndSet(false, true) && enforces) {
        leave(project);
      }
    }
  }
}
