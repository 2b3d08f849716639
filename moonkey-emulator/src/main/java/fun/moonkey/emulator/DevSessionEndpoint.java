package fun.moonkey.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * The emulator's own helper under {@code /_emulator/}, which the real MoonKey API does not have:
 * {@code POST /_emulator/sessions} with {@code {"email": "a@b.c"}} signs that user in offline,
 * answering 200 {@code {"session_token", "session_id", "user_id", "session_jwt"}}. The user id is
 * derived from the email, so one address is always one user. No secret key is needed. The session's
 * device, which {@code GET /v1/auth/sessions/list} reports, is the caller's: its {@code User-Agent}
 * and IP address, unless the body gives {@code user_agent} or {@code ip_address}.
 *
 * <p>Every answer under {@code /_emulator/} carries {@code Access-Control-Allow-Origin: *}, and
 * {@code OPTIONS} gets a CORS preflight answer, so that a page in a browser can call it. Scripted
 * replies never apply here. Thread-safe.
 */
final class DevSessionEndpoint {

  static final String PREFIX = "/_emulator/";
  static final String SESSIONS_PATH = "/_emulator/sessions";

  private final SessionStore store;

  DevSessionEndpoint(SessionStore store) {
    this.store = Objects.requireNonNull(store, "store");
  }

  /** The answer to {@code request}, whose path starts with {@link #PREFIX}. */
  Reply answer(RecordedRequest request) {
    Reply reply;
    try {
      if (!request.path().equals(SESSIONS_PATH)) {
        throw ApiError.notFound();
      }
      reply = request.method().equals("OPTIONS") ? preflight() : createSession(request);
    } catch (ApiError e) {
      reply = e.reply();
    }
    return reply.withHeader("Access-Control-Allow-Origin", "*");
  }

  private Reply createSession(RecordedRequest request) {
    RequestChecks.requireMethod(request, "POST");
    JsonNode body = CredentialBody.parseObject(request.body());
    JsonNode email = body.get("email");
    if (email == null || !email.isTextual() || email.textValue().isBlank()) {
      throw ApiError.validation("email must be a non-empty string");
    }
    String address = email.textValue().strip();
    String userAgent = text(body.get("user_agent"), request.header("User-Agent"));
    String ipAddress = text(body.get("ip_address"), host(request.remoteAddress()));
    StoredSession session =
        store.create(SessionIds.userIdFor(address), address, userAgent, ipAddress);
    return Reply.json(200, SessionJson.created(session));
  }

  /** A string field of the body, else the fallback; null when neither is a non-blank string. */
  private static String text(JsonNode field, String fallback) {
    String value = field != null && field.isTextual() ? field.textValue() : fallback;
    return value == null || value.isBlank() ? null : value.strip();
  }

  /** The address of {@code address:port}, as {@link RecordedRequest#remoteAddress()} gives it. */
  static String host(String remoteAddress) {
    int colon = remoteAddress.lastIndexOf(':');
    return colon < 0 ? remoteAddress : remoteAddress.substring(0, colon);
  }

  private static Reply preflight() {
    return Reply.status(204)
        .withHeader("Access-Control-Allow-Methods", "POST, OPTIONS")
        .withHeader("Access-Control-Allow-Headers", "Content-Type")
        .withHeader("Access-Control-Max-Age", "600");
  }
}
