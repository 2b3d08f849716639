package fun.moonkey.answer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import fun.moonkey.config.FailurePolicy;
import fun.moonkey.revocation.MoonKeySession;
import fun.moonkey.security.LogoutGuard;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The HTTP answers of a user's list of their sessions and of ending one ({@code sessions-api}), the
 * same for every entry point: always JSON, always {@code Cache-Control: no-store}, after the
 * guard's headers (CORS). What each says: docs/sessions.md. The list names each session by its id
 * and what MoonKey says about it, never a token or JWT. Immutable and thread-safe.
 */
public final class SessionsResponder {

  /** Body of a request without a signed-in MoonKey session. */
  public static final String NOT_SIGNED_IN = "{\"error\": \"Not signed in\"}";

  /** Body when MoonKey could not be asked within {@code timeout}. */
  public static final String UNAVAILABLE = "{\"error\": \"MoonKey unavailable\"}";

  /** Body of an end without a usable {@code session_id}. */
  public static final String NO_SESSION_ID = "{\"error\": \"session_id required\"}";

  /** Body of an end whose id is not on the user's own list. */
  public static final String NOT_FOUND = "{\"error\": \"Session not found\"}";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final FailurePolicy policy;

  /**
   * @param policy what a caller hears when the revocation failed ({@code on-revocation-failure})
   */
  public SessionsResponder(FailurePolicy policy) {
    this.policy = Objects.requireNonNull(policy, "policy");
  }

  /**
   * {@code 200 {"sessions": [...]}}, {@code 401} or {@code 503}.
   *
   * @param check the guard's decision, whose headers (CORS) the answer carries
   */
  public LogoutResponder.Answer list(LogoutGuard.Check check, SessionList list) {
    if (list instanceof SessionList.Listed listed) {
      return json(check, 200, sessions(listed));
    }
    return list instanceof SessionList.NotSignedIn
        ? json(check, 401, NOT_SIGNED_IN)
        : json(check, 503, UNAVAILABLE);
  }

  /**
   * A logout's JSON for {@link SessionEnd.Ended}; {@code 401}, {@code 404}, {@code 409} with the
   * logout path, or {@code 503} otherwise.
   *
   * @param logoutPath where the requesting session logs out, named by the {@code 409}
   */
  public LogoutResponder.Answer end(LogoutGuard.Check check, SessionEnd end, String logoutPath) {
    if (end instanceof SessionEnd.Ended ended) {
      LogoutAnswer answer = LogoutAnswer.of(ended.summary().status(), policy);
      return json(check, answer.status(), answer.json());
    }
    if (end instanceof SessionEnd.NotSignedIn) {
      return json(check, 401, NOT_SIGNED_IN);
    }
    if (end instanceof SessionEnd.NotFound) {
      return json(check, 404, NOT_FOUND);
    }
    if (end instanceof SessionEnd.Current) {
      return json(check, 409, current(logoutPath));
    }
    return json(check, 503, UNAVAILABLE);
  }

  /** {@code 400 {"error": "session_id required"}}: nothing was asked of MoonKey. */
  public LogoutResponder.Answer noSessionId(LogoutGuard.Check check) {
    return json(check, 400, NO_SESSION_ID);
  }

  /** {@code {"sessions": [...]}}: each entry's fields, null where MoonKey's list gives none. */
  static String sessions(SessionList.Listed listed) {
    ObjectNode body = JSON.createObjectNode();
    ArrayNode sessions = body.putArray("sessions");
    for (SessionList.Entry entry : listed.sessions()) {
      MoonKeySession session = entry.session();
      ObjectNode one = sessions.addObject();
      one.put("id", session.id());
      one.put("current", entry.current());
      one.put("created_at", session.createdAt());
      one.put("last_active_at", session.lastActiveAt());
      one.put("expires_at", session.expiresAt());
      one.put("user_agent", session.userAgent());
      one.put("ip_address", session.ipAddress());
    }
    return write(body);
  }

  private static String current(String logoutPath) {
    ObjectNode body = JSON.createObjectNode();
    body.put("error", "This is the current session: log out instead");
    body.put("logout", logoutPath);
    return write(body);
  }

  private static String write(ObjectNode body) {
    try {
      return JSON.writeValueAsString(body);
    } catch (JsonProcessingException e) {
      // A tree of strings and booleans always writes.
      throw new IllegalStateException("could not write a JSON answer", e);
    }
  }

  private static LogoutResponder.Answer json(LogoutGuard.Check check, int status, String body) {
    List<Map.Entry<String, String>> headers = new ArrayList<>(check.headers().size() + 1);
    check.headers().forEach((name, value) -> headers.add(Map.entry(name, value)));
    headers.add(Map.entry("Cache-Control", LogoutAnswer.CACHE_CONTROL));
    return new LogoutResponder.Answer(status, headers, LogoutAnswer.CONTENT_TYPE, body, false);
  }
}
