package fun.moonkey.security;

import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * What the security policies read from a request, in plain values, so that every entry point (the
 * servlet filter, a JAX-RS resource) can hand them over from its own request type.
 *
 * @param method the HTTP method, as received
 * @param scheme the scheme the container saw ({@code http} or {@code https})
 * @param containerSecure whether the container saw TLS ({@code ServletRequest.isSecure()})
 * @param serverName the host the container resolved, used only when there is no {@code Host}
 * @param serverPort the port the container resolved, used only when there is no {@code Host}
 * @param remoteAddress the address of the peer that connected (an IP literal)
 * @param headers the first value of a request header by case-insensitive name, or null
 */
public record RequestFacts(
    String method,
    String scheme,
    boolean containerSecure,
    String serverName,
    int serverPort,
    String remoteAddress,
    UnaryOperator<String> headers) {

  /** Checks the arguments. */
  public RequestFacts {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(scheme, "scheme");
    Objects.requireNonNull(headers, "headers");
  }

  /**
   * @param name a header name
   * @return its first value, or null
   */
  public String header(String name) {
    return headers.apply(name);
  }
}
