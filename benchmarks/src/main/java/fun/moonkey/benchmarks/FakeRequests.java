package fun.moonkey.benchmarks;

import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpSession;
import java.lang.reflect.Proxy;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Map;

/** Just enough of the servlet API to call a filter in a tight loop without a container. */
final class FakeRequests {

  private FakeRequests() {}

  /**
   * A request whose URI, context path and method are fixed strings (no allocation per call); every
   * other method fails.
   */
  static HttpServletRequest request(String contextPath, String path, String method) {
    HttpServletRequest unsupported =
        (HttpServletRequest)
            Proxy.newProxyInstance(
                FakeRequests.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class},
                (proxy, m, args) -> {
                  throw new UnsupportedOperationException(m.getName());
                });
    String uri = contextPath + path;
    return new HttpServletRequestWrapper(unsupported) {
      @Override
      public String getRequestURI() {
        return uri;
      }

      @Override
      public String getContextPath() {
        return contextPath;
      }

      @Override
      public String getMethod() {
        return method;
      }
    };
  }

  /** {@link #request}, in {@code session}. */
  static HttpServletRequest request(
      String contextPath, String path, String method, HttpSession session) {
    return new HttpServletRequestWrapper(request(contextPath, path, method)) {
      @Override
      public HttpSession getSession(boolean create) {
        return session;
      }
    };
  }

  /** An {@code HttpSession} over a map: no allocation to read an attribute. */
  static HttpSession session(Map<String, Object> attributes) {
    return new HttpSession() {
      @Override
      public long getCreationTime() {
        return 0;
      }

      @Override
      public String getId() {
        return "benchmark";
      }

      @Override
      public long getLastAccessedTime() {
        return 0;
      }

      @Override
      public ServletContext getServletContext() {
        throw new UnsupportedOperationException();
      }

      @Override
      public void setMaxInactiveInterval(int interval) {}

      @Override
      public int getMaxInactiveInterval() {
        return 1800;
      }

      @Override
      public Object getAttribute(String name) {
        return attributes.get(name);
      }

      @Override
      public Enumeration<String> getAttributeNames() {
        return Collections.enumeration(attributes.keySet());
      }

      @Override
      public void setAttribute(String name, Object value) {
        attributes.put(name, value);
      }

      @Override
      public void removeAttribute(String name) {
        attributes.remove(name);
      }

      @Override
      public void invalidate() {
        throw new UnsupportedOperationException("a session of the benchmark is never revoked");
      }

      @Override
      public boolean isNew() {
        return false;
      }
    };
  }

  /** A filter configuration with the given init-params and an empty context. */
  static FilterConfig filterConfig(Map<String, String> params) {
    Map<String, Object> attributes = new java.util.concurrent.ConcurrentHashMap<>();
    ServletContext context =
        (ServletContext)
            Proxy.newProxyInstance(
                FakeRequests.class.getClassLoader(),
                new Class<?>[] {ServletContext.class},
                (proxy, m, args) ->
                    switch (m.getName()) {
                      case "getInitParameterNames" -> Collections.emptyEnumeration();
                      case "getInitParameter" -> null;
                      case "getContextPath" -> "/app";
                      case "getAttribute" -> attributes.get((String) args[0]);
                      case "setAttribute" -> attributes.put((String) args[0], args[1]);
                      case "removeAttribute" -> attributes.remove((String) args[0]);
                      case "toString" -> "benchmark context";
                      default -> throw new UnsupportedOperationException(m.getName());
                    });
    return new FilterConfig() {
      @Override
      public String getFilterName() {
        return "moonkey-logout";
      }

      @Override
      public ServletContext getServletContext() {
        return context;
      }

      @Override
      public String getInitParameter(String name) {
        return params.get(name);
      }

      @Override
      public Enumeration<String> getInitParameterNames() {
        return Collections.enumeration(params.keySet());
      }
    };
  }
}
