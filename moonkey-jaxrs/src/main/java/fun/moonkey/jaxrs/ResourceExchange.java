package fun.moonkey.jaxrs;

import fun.moonkey.answer.ResponseMode;
import fun.moonkey.local.LogoutRequest;
import fun.moonkey.logout.JsonField;
import fun.moonkey.logout.LogoutExchange;
import fun.moonkey.security.RequestFacts;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;
import java.util.Optional;

/**
 * A JAX-RS request to {@link LogoutResource} as {@code LogoutEndpoint} reads it: the answer is JSON
 * (but for a browser's GET under {@code get-logout=confirm}), and {@code scope} (from the query,
 * else a form body) its only parameter.
 */
final class ResourceExchange implements LogoutExchange {

  private final LogoutRuntime runtime;
  private final String method;
  private final HttpHeaders headers;
  private final UriInfo uri;
  private final SecurityContext security;
  private final String scope;
  private final String body;
  private final ResponseMode mode;

  /** A request that is answered JSON, as every logout of the resource is. */
  ResourceExchange(
      LogoutRuntime runtime,
      String method,
      HttpHeaders headers,
      UriInfo uri,
      SecurityContext security,
      String scope,
      String body) {
    this(runtime, method, headers, uri, security, scope, body, ResponseMode.JSON);
  }

  /** A request answered as {@code mode} says: the confirmation page's GET, for a browser. */
  ResourceExchange(
      LogoutRuntime runtime,
      String method,
      HttpHeaders headers,
      UriInfo uri,
      SecurityContext security,
      String scope,
      String body,
      ResponseMode mode) {
    this.runtime = runtime;
    this.method = method;
    this.headers = headers;
    this.uri = uri;
    this.security = security;
    this.scope = scope;
    this.body = body;
    this.mode = mode;
  }

  @Override
  public RequestFacts facts() {
    return runtime.facts(method, uri, headers, security);
  }

  @Override
  public ResponseMode mode() {
    return mode;
  }

  @Override
  public Optional<String> parameter(String name) {
    if (!name.equals("scope")) {
      return Optional.empty();
    }
    return Optional.ofNullable(
        scope != null ? scope : FormField.first(headers.getMediaType(), body, "scope"));
  }

  /** A JSON object body's member, else a form field of the body. */
  @Override
  public Optional<String> bodyField(String name) {
    if (headers.getMediaType() != null
        && JsonField.isJson(
            headers.getMediaType().getType() + "/" + headers.getMediaType().getSubtype())) {
      return JsonField.read(body, name);
    }
    return Optional.ofNullable(FormField.first(headers.getMediaType(), body, name));
  }

  @Override
  public String contextPath() {
    return "";
  }

  @Override
  public LogoutRequest request(boolean secure) {
    return runtime.request(headers, secure);
  }
}
