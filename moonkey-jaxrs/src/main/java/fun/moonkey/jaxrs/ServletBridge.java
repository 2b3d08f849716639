package fun.moonkey.jaxrs;

import fun.moonkey.config.ConfigSource;
import fun.moonkey.local.LogoutRequest;
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
 * What the JAX-RS side needs from the servlet API on Jersey, in one class that is loaded only when
 * {@link OptionalApi#SERVLET} is true: on Grizzly or the JDK HTTP server the servlet API may be
 * absent, and touching its types there would end in {@code NoClassDefFoundError}. Other runtimes go
 * through {@link PortableServlet}.
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

  /** Reads each call's servlet request from Jersey's injection manager. */
  static LogoutRuntime.ServletAccess access(InjectionManager manager) {
    return new LogoutRuntime.ServletAccess() {
      @Override
      public RequestFacts facts() {
        HttpServletRequest request = manager.getInstance(HttpServletRequest.class);
        return request == null ? null : ServletRequestFacts.of(request);
      }

      @Override
      public LogoutRequest request(boolean secure) {
        HttpServletRequest request = manager.getInstance(HttpServletRequest.class);
        return request == null ? null : new ServletLogoutRequest(request, secure);
      }
    };
  }

  static ServletContext context(InjectionManager manager) {
    return manager.getInstance(ServletContext.class);
  }
}
