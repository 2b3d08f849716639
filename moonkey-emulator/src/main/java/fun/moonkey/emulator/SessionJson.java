package fun.moonkey.emulator;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Writes sessions as the MoonKey API and the emulator's helper endpoint return them. */
final class SessionJson {

  private SessionJson() {}

  /**
   * The answer of verify: {@code {"session": {…}, "user": {"id": …, "email": …}}}.
   *
   * @see #session(StoredSession)
   */
  static String verified(StoredSession stored) {
    Map<String, Object> user = new LinkedHashMap<>();
    user.put("id", stored.session().userId());
    user.put("email", stored.session().email());
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("session", session(stored));
    body.put("user", user);
    return Json.write(body);
  }

  /** The answer of list: {@code {"sessions": [{…}, …]}}. */
  static String list(List<StoredSession> sessions) {
    return Json.write(Map.of("sessions", sessions.stream().map(SessionJson::session).toList()));
  }

  /**
   * The answer of {@code POST /_emulator/sessions}: {@code {"session_token", "session_id",
   * "user_id", "session_jwt"}}.
   */
  static String created(StoredSession stored) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("session_token", stored.session().token());
    body.put("session_id", stored.session().id());
    body.put("user_id", stored.session().userId());
    body.put("session_jwt", stored.session().jwt());
    return Json.write(body);
  }

  /**
   * One session: {@code id}, {@code user_id}, {@code status} ({@code active} or {@code revoked}),
   * {@code created_at}, {@code last_active_at} (creation or the last verify) and {@code expires_at}
   * (ISO-8601 instants in UTC), and where known the device that signed in: {@code user_agent} and
   * {@code ip_address}. Never the token or the JWT.
   */
  static Map<String, Object> session(StoredSession stored) {
    Map<String, Object> session = new LinkedHashMap<>();
    session.put("id", stored.session().id());
    session.put("user_id", stored.session().userId());
    session.put("status", stored.session().active() ? "active" : "revoked");
    session.put("created_at", stored.createdAt().toString());
    session.put("last_active_at", stored.lastActiveAt().toString());
    session.put("expires_at", stored.expiresAt().toString());
    if (stored.userAgent() != null) {
      session.put("user_agent", stored.userAgent());
    }
    if (stored.ipAddress() != null) {
      session.put("ip_address", stored.ipAddress());
    }
    return session;
  }
}
