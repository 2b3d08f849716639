package fun.moonkey.logout;

import fun.moonkey.answer.ResponseMode;
import fun.moonkey.local.LogoutRequest;
import fun.moonkey.security.RequestFacts;
import java.util.Optional;

/**
 * A request to the logout path as an entry point hands it to {@link LogoutEndpoint}: what the guard
 * reads, how the caller wants its answer, its parameters, and the request the local steps act on.
 * The filter and the JAX-RS resource each translate their HTTP API into one of these.
 */
public interface LogoutExchange {

  /** What the guard decides on: method, scheme, host, headers. */
  RequestFacts facts();

  /** JSON for {@code fetch} and API callers, else a browser's redirect. */
  ResponseMode mode();

  /**
   * A query or form parameter ({@code scope}, {@code return-to-parameter}), read on the request's
   * thread; empty when absent or unreadable.
   */
  Optional<String> parameter(String name);

  /**
   * A field of the request's body, read on the request's thread: a member of a JSON object body,
   * else a form field; empty when absent or unreadable. By default {@link #parameter}.
   */
  default Optional<String> bodyField(String name) {
    return parameter(name);
  }

  /** The web application's context path, for cookie paths and the redirect; "" at the root. */
  String contextPath();

  /**
   * The request the logout acts on.
   *
   * @param secure whether it came over HTTPS, as the guard found (behind a trusted proxy too)
   */
  LogoutRequest request(boolean secure);
}
