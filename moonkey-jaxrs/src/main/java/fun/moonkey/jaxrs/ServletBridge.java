package fun.moonkey.jaxrs;

import fun.moonkey.config.ConfigSource;
import fun.moonkey.logout.LogoutRequest;
import fun.moonkey.logout.ServiceRegistry;
import fun.moonkey.security.RequestFacts;
import fun.moonkey.servlet.ServletConfigSources;
import fun.moonkey.servlet.ServletLogoutRequest;
import fun.moonkey.servlet.ServletRequestFacts;
import fun.moonkey.servlet.SharedServices;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServletRequest;
import org.glassfish.jersey.internal.inject.InjectionManager;

/**
 * Everything the JAX-RS side needs from the servlet API, in one class that is loaded only when
 * {@link ServletApi#PRESENT} is true: on Grizzly or the JDK HTTP server the servlet API may be
 * absent, and touching its types there would end in {@code NoClassDefFoundError}.
 *
 * <p>Jersey's servlet container binds the {@code ServletContext} and (per request) the {@code
 * HttpServletRequest} in its injection manager; other containers bind neither.
 */
final class ServletBridge {

  private ServletBridge() {}

  static boolean hasContext(InjectionManager manager) {
    return context(manager) != null;
  }

  static ServiceRegistry registry(InjectionManager manager) {
    return SharedServices.of(context(manager));
  }

  static ConfigSource contextSources(InjectionManager manager) {
    return ServletConfigSources.forContext(context(manager));
  }

  /**
   * @param secure whether the request is secure, as the guard decided
   * @return the current servlet request as a logout request, or null when this request did not come
   *     through a servlet container
   */
  static LogoutRequest request(InjectionManager manager, boolean secure) {
    HttpServletRequest request = manager.getInstance(HttpServletRequest.class);
    return request == null ? null : new ServletLogoutRequest(request, secure);
  }

  /**
   * @return what the security policies read from the current servlet request (the peer's address
   *     included), or null when this request did not come through a servlet container
   */
  static RequestFacts facts(InjectionManager manager) {
    HttpServletRequest request = manager.getInstance(HttpServletRequest.class);
    return request == null ? null : ServletRequestFacts.of(request);
  }

  private static ServletContext context(InjectionManager manager) {
    return manager.getInstance(ServletContext.class);
  }
}
