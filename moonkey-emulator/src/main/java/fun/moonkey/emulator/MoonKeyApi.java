package fun.moonkey.emulator;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * The stateful MoonKey API under {@code /v1/}, answering from a {@link SessionStore} as the real
 * service's documentation describes it. Every request needs {@code Authorization: Bearer <secret
 * key>} (else 401); then:
 *
 * <ul>
 *   <li>{@code DELETE /v1/auth/sessions/delete} with exactly one of {@code session_id}, {@code
 *       session_token}, {@code session_jwt}: 200 {@code {"message":"Successfully deleted session"}}
 *       for an active session, which is revoked; 404 for an unknown or revoked one.
 *   <li>{@code POST /v1/auth/sessions/verify} with {@code session_token} or {@code session_jwt}:
 *       200 with the session and its user if active (its {@code last_active_at} moves to now), else
 *       401 {@code invalid_session}.
 *   <li>{@code GET /v1/auth/sessions/list?user_id=…}: 200 {@code {"sessions":[…]}} listing the
 *       user's <em>active</em> sessions only, oldest first, each with {@code id}, {@code user_id},
 *       {@code status}, {@code created_at}, {@code last_active_at}, {@code expires_at} and, where
 *       known, {@code user_agent} and {@code ip_address} (see {@code SessionJson}).
 * </ul>
 *
 * <p>Bodies must be declared {@code application/json} (else 415) and be valid (else 422), a wrong
 * method gets 405, any other path 404. Thread-safe.
 */
final class MoonKeyApi {

  static final String DELETE_PATH = "/v1/auth/sessions/delete";
  static final String VERIFY_PATH = "/v1/auth/sessions/verify";
  static final String LIST_PATH = "/v1/auth/sessions/list";

  private static final Set<Credential.Type> DELETE_BY = EnumSet.allOf(Credential.Type.class);
  private static final Set<Credential.Type> VERIFY_BY =
      EnumSet.of(Credential.Type.SESSION_TOKEN, Credential.Type.SESSION_JWT);
  private static final String DELETED = "{\"message\":\"Successfully deleted session\"}";

  private final String secretKey;
  private final SessionStore store;

  MoonKeyApi(String secretKey, SessionStore store) {
    this.secretKey = Objects.requireNonNull(secretKey, "secretKey");
    this.store = Objects.requireNonNull(store, "store");
  }

  /** The API's answer to {@code request}, whose path starts with {@code /v1/}. */
  Reply answer(RecordedRequest request) {
    try {
      RequestChecks.requireSecretKey(request, secretKey);
      return switch (request.path()) {
        case DELETE_PATH -> delete(request);
        case VERIFY_PATH -> verify(request);
        case LIST_PATH -> list(request);
        default -> throw ApiError.notFound();
      };
    } catch (ApiError e) {
      return e.reply();
    }
  }

  private Reply delete(RecordedRequest request) {
    RequestChecks.requireMethod(request, "DELETE");
    RequestChecks.requireJsonContentType(request);
    Credential credential = CredentialBody.parse(request.body(), DELETE_BY);
    if (!store.revoke(credential)) {
      throw ApiError.sessionNotFound();
    }
    return Reply.json(200, DELETED);
  }

  private Reply verify(RecordedRequest request) {
    RequestChecks.requireMethod(request, "POST");
    RequestChecks.requireJsonContentType(request);
    Credential credential = CredentialBody.parse(request.body(), VERIFY_BY);
    StoredSession session = store.touchActive(credential).orElseThrow(ApiError::invalidSession);
    return Reply.json(200, SessionJson.verified(session));
  }

  private Reply list(RecordedRequest request) {
    RequestChecks.requireMethod(request, "GET");
    String userId = queryParameter(request.rawQuery(), "user_id");
    if (userId == null || userId.isEmpty()) {
      throw ApiError.validation("user_id is required");
    }
    return Reply.json(200, SessionJson.list(store.activeOf(userId)));
  }

  /** The first value of a query parameter, percent-decoded as UTF-8; null if absent. */
  private static String queryParameter(String rawQuery, String name) {
    if (rawQuery == null) {
      return null;
    }
    try {
      for (String pair : rawQuery.split("&")) {
        int equals = pair.indexOf('=');
        String key = equals < 0 ? pair : pair.substring(0, equals);
        if (URLDecoder.decode(key, StandardCharsets.UTF_8).equals(name)) {
          return equals < 0
              ? ""
              : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
        }
      }
    } catch (IllegalArgumentException e) {
      throw ApiError.validation("The query string is not validly percent-encoded");
    }
    return null;
  }
}
