package fun.moonkey.emulator;

import java.util.List;
import java.util.Locale;

/**
 * Preconditions that emulated endpoints put on a request; each throws the matching {@link
 * ApiError}.
 */
final class RequestChecks {

  private RequestChecks() {}

  /** The request must use {@code method}, else 405. */
  static void requireMethod(RecordedRequest request, String method) {
    if (!request.method().equals(method)) {
      throw ApiError.methodNotAllowed(request.method(), method);
    }
  }

  /**
   * The request must carry exactly one {@code Authorization} header, {@code Bearer <secretKey>}
   * (the scheme compared ignoring case, as RFC 9110 section 11.1 says), else 401.
   */
  static void requireSecretKey(RecordedRequest request, String secretKey) {
    List<String> values = request.headers("Authorization");
    String value = values.size() == 1 ? values.get(0) : "";
    String scheme = "Bearer ";
    boolean valid =
        value.length() == scheme.length() + secretKey.length()
            && value.regionMatches(true, 0, scheme, 0, scheme.length())
            && value.endsWith(secretKey);
    if (!valid) {
      throw ApiError.invalidSecretKey();
    }
  }

  /**
   * The request must declare {@code Content-Type: application/json} (parameters allowed), else 415.
   */
  static void requireJsonContentType(RecordedRequest request) {
    String contentType = request.header("Content-Type");
    if (contentType == null) {
      throw ApiError.unsupportedMediaType();
    }
    int semicolon = contentType.indexOf(';');
    String mediaType = semicolon < 0 ? contentType : contentType.substring(0, semicolon);
    if (!mediaType.strip().toLowerCase(Locale.ROOT).equals("application/json")) {
      throw ApiError.unsupportedMediaType();
    }
  }
}
