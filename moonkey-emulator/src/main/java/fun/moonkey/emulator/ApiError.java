package fun.moonkey.emulator;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An error answer of the MoonKey API, {@code {"error_message": …, "error_type": …, "status_code":
 * …}}, thrown where a request is found wanting and turned into its {@link #reply()} by the
 * endpoint.
 */
final class ApiError extends RuntimeException {

  private final transient Reply reply;

  private ApiError(int status, String type, String message, Map<String, String> headers) {
    super(message, null, false, false);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("error_message", message);
    body.put("error_type", type);
    body.put("status_code", status);
    Reply json = Reply.json(status, Json.write(body));
    for (Map.Entry<String, String> header : headers.entrySet()) {
      json = json.withHeader(header.getKey(), header.getValue());
    }
    this.reply = json;
  }

  private ApiError(int status, String type, String message) {
    this(status, type, message, Map.of());
  }

  /** 401: the request lacks {@code Authorization: Bearer <secret key>}. */
  static ApiError invalidSecretKey() {
    return new ApiError(401, "unauthorized", "Invalid secret key");
  }

  /** 401: verify named no active session. */
  static ApiError invalidSession() {
    return new ApiError(401, "invalid_session", "Session is invalid or expired");
  }

  /** 404: no such route. */
  static ApiError notFound() {
    return new ApiError(404, "not_found", "Not found");
  }

  /** 404: delete named no active session. */
  static ApiError sessionNotFound() {
    return new ApiError(404, "not_found", "Session not found");
  }

  /** 405 with an {@code Allow} header. */
  static ApiError methodNotAllowed(String method, String allowed) {
    return new ApiError(
        405,
        "method_not_allowed",
        "Method " + method + " is not allowed here; use " + allowed,
        Map.of("Allow", allowed));
  }

  /** 415: the body is not declared as JSON. */
  static ApiError unsupportedMediaType() {
    return new ApiError(415, "unsupported_media_type", "Content-Type must be application/json");
  }

  /** 422: the request is well-formed HTTP but its content is invalid. */
  static ApiError validation(String message) {
    return new ApiError(422, "validation_error", message);
  }

  /** 500: the emulator itself failed. */
  static ApiError internal() {
    return new ApiError(500, "internal_error", "Emulator failure");
  }

  /** The error as the API sends it. */
  Reply reply() {
    return reply;
  }
}
