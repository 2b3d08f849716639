package fun.moonkey.emulator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The emulated sessions, active and revoked, looked up by id, token or JWT. Thread-safe: every
 * method is atomic.
 */
final class SessionStore {

  /** How long after creation a session reports that it expires. */
  static final Duration LIFETIME = Duration.ofDays(7);

  private final SessionIds ids;
  private final Clock clock;
  private final Map<String, StoredSession> byId = new LinkedHashMap<>();
  private final Map<String, String> idByToken = new HashMap<>();
  private final Map<String, String> idByJwt = new HashMap<>();

  SessionStore(SessionIds ids, Clock clock) {
    this.ids = Objects.requireNonNull(ids, "ids");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Runs {@code step} holding this store's lock, so that a reader of the sessions sees all of what
   * it does (to the sessions and elsewhere, such as the request journal) or none of it.
   */
  synchronized <T> T atomically(Supplier<T> step) {
    return step.get();
  }

  /** Creates an active session with a fresh id, token and JWT, from an unknown device. */
  synchronized StoredSession create(String userId, String email) {
    return create(userId, email, null, null);
  }

  /**
   * Creates an active session with a fresh id, token and JWT.
   *
   * @param userAgent the signing-in client's {@code User-Agent}, or null when not known
   * @param ipAddress the signing-in client's IP address, or null when not known
   */
  synchronized StoredSession create(
      String userId, String email, String userAgent, String ipAddress) {
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(email, "email");
    Instant createdAt = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    Instant expiresAt = createdAt.plus(LIFETIME);
    String id = ids.sessionId();
    String token = ids.sessionToken();
    String jwt = ids.sessionJwt(id, userId, createdAt, expiresAt);
    StoredSession stored =
        new StoredSession(
            new EmulatedSession(id, userId, email, token, jwt, true),
            createdAt,
            expiresAt,
            createdAt,
            userAgent,
            ipAddress);
    byId.put(id, stored);
    idByToken.put(token, id);
    idByJwt.put(jwt, id);
    return stored;
  }

  /** The active session this credential names, if any. */
  synchronized Optional<StoredSession> findActive(Credential credential) {
    String id =
        switch (credential.type()) {
          case SESSION_ID -> credential.value();
          case SESSION_TOKEN -> idByToken.get(credential.value());
          case SESSION_JWT -> idByJwt.get(credential.value());
        };
    return Optional.ofNullable(id == null ? null : byId.get(id)).filter(s -> s.session().active());
  }

  /**
   * The active session this credential names, marked active now (MoonKey's {@code last_active_at}
   * moves when a session is verified).
   */
  synchronized Optional<StoredSession> touchActive(Credential credential) {
    Optional<StoredSession> found = findActive(credential);
    if (found.isEmpty()) {
      return found;
    }
    StoredSession touched = found.get().activeAt(clock.instant().truncatedTo(ChronoUnit.MILLIS));
    byId.put(touched.session().id(), touched);
    return Optional.of(touched);
  }

  /**
   * Revokes the active session this credential names.
   *
   * @return false if there is no such active session
   */
  synchronized boolean revoke(Credential credential) {
    Optional<StoredSession> found = findActive(credential);
    found.ifPresent(s -> byId.put(s.session().id(), s.revoked()));
    return found.isPresent();
  }

  synchronized boolean isActive(String sessionId) {
    StoredSession stored = byId.get(Objects.requireNonNull(sessionId, "sessionId"));
    return stored != null && stored.session().active();
  }

  /** The active sessions of this user, oldest first. */
  synchronized List<StoredSession> activeOf(String userId) {
    return byId.values().stream()
        .filter(s -> s.session().active() && s.session().userId().equals(userId))
        .toList();
  }

  /** Every session, active and revoked, oldest first. */
  synchronized List<EmulatedSession> all() {
    return byId.values().stream().map(StoredSession::session).toList();
  }
}
