package fun.moonkey.credential;

import java.util.List;
import java.util.Optional;

/**
 * The parts of a request where a MoonKey credential may be: cookies, headers and the server-side
 * session. Implemented by each entry point over its own request type.
 */
public interface CredentialCarrier {

  /**
   * @param name a cookie name, case-sensitive
   * @return every value of every cookie of that name, in header order (a browser sends two when two
   *     Paths match)
   */
  List<String> cookieValues(String name);

  /**
   * @param name a header name, case-insensitive
   * @return the first value of that header
   */
  Optional<String> header(String name);

  /**
   * @param name an attribute name
   * @return the attribute of the current server-side session; empty when there is no session, it
   *     has been invalidated, or the runtime has none
   */
  Optional<Object> sessionAttribute(String name);
}
