package fun.moonkey.testing;

import jakarta.servlet.ServletContext;
import jakarta.servlet.SessionCookieConfig;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpSession;
import java.lang.reflect.Proxy;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * A servlet request held in memory, for measuring the filter's local work without a container: it
 * answers what the logout reads (method, headers, cookies, session, context path, the session
 * cookie's configuration) without allocating, and throws for anything else. The session survives
 * {@code invalidate()}, so one request serves many measured logouts.
 */
public final class StubServletRequest extends HttpServletRequestWrapper {

  private final Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
  private final Map<String, Object> session = new HashMap<>();
  private final Session httpSession = new Session();
  private final CookieConfig cookieConfig = new CookieConfig();
  private final ServletContext context =
      (ServletContext)
          Proxy.newProxyInstance(
              ServletContext.class.getClassLoader(),
              new Class<?>[] {ServletContext.class},
              (proxy, method, args) -> {
                if (method.getName().equals("getSessionCookieConfig")) {
                  return cookieConfig;
                }
                throw new UnsupportedOperationException(method.getName());
              });
  private final String method;
  private final String contextPath;
  private Cookie[] cookies;

  /**
   * @param method the HTTP method
   * @param host the {@code Host} header
   * @param contextPath the context path, {@code ""} for the root
   */
  public StubServletRequest(String method, String host, String contextPath) {
    super(unsupported());
    this.method = method;
    this.contextPath = contextPath;
    headers.put("Host", host);
  }

  private static HttpServletRequest unsupported() {
    return (HttpServletRequest)
        Proxy.newProxyInstance(
            HttpServletRequest.class.getClassLoader(),
            new Class<?>[] {HttpServletRequest.class},
            (proxy, m, args) -> {
              throw new UnsupportedOperationException(m.getName());
            });
  }

  /** Adds a header. */
  public StubServletRequest header(String name, String value) {
    headers.put(name, value);
    return this;
  }

  /** Sets the cookies. */
  public StubServletRequest cookies(Cookie... cookies) {
    this.cookies = cookies.clone();
    return this;
  }

  /** Sets a session attribute. */
  public StubServletRequest sessionAttribute(String name, Object value) {
    session.put(name, value);
    return this;
  }

  /** Sets an attribute of the session cookie's configuration, such as {@code SameSite}. */
  public StubServletRequest sessionCookieAttribute(String name, String value) {
    cookieConfig.attributes.put(name, value);
    return this;
  }

  @Override
  public String getMethod() {
    return method;
  }

  @Override
  public String getScheme() {
    return "http";
  }

  @Override
  public boolean isSecure() {
    return false;
  }

  @Override
  public String getServerName() {
    return "localhost";
  }

  @Override
  public int getServerPort() {
    return 80;
  }

  @Override
  public String getRemoteAddr() {
    return "192.0.2.1";
  }

  @Override
  public String getHeader(String name) {
    return headers.get(name);
  }

  @Override
  public Cookie[] getCookies() {
    return cookies;
  }

  @Override
  public HttpSession getSession(boolean create) {
    return session.isEmpty() ? null : httpSession;
  }

  @Override
  public String getContextPath() {
    return contextPath;
  }

  @Override
  public ServletContext getServletContext() {
    return context;
  }

  /** The session, whose invalidation is a no-op so that it can be logged out of again. */
  private final class Session implements HttpSession {
    @Override
    public Object getAttribute(String name) {
      return session.get(name);
    }

    @Override
    public void setAttribute(String name, Object value) {
      session.put(name, value);
    }

    @Override
    public void invalidate() {}

    @Override
    public long getCreationTime() {
      return 0;
    }

    @Override
    public String getId() {
      return "stub";
    }

    @Override
    public long getLastAccessedTime() {
      return 0;
    }

    @Override
    public ServletContext getServletContext() {
      return context;
    }

    @Override
    public void setMaxInactiveInterval(int interval) {}

    @Override
    public int getMaxInactiveInterval() {
      return 0;
    }

    @Override
    public Enumeration<String> getAttributeNames() {
      return Collections.enumeration(session.keySet());
    }

    @Override
    public void removeAttribute(String name) {
      session.remove(name);
    }

    @Override
    public boolean isNew() {
      return false;
    }
  }

  /** The container's defaults: {@code JSESSIONID}, HttpOnly, attributes as set. */
  private static final class CookieConfig implements SessionCookieConfig {
    final Map<String, String> attributes = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);

    @Override
    public String getAttribute(String name) {
      return attributes.get(name);
    }

    @Override
    public Map<String, String> getAttributes() {
      return Collections.unmodifiableMap(attributes);
    }

    @Override
    public void setAttribute(String name, String value) {
      attributes.put(name, value);
    }

    @Override
    public String getName() {
      return "JSESSIONID";
    }

    @Override
    public String getDomain() {
      return null;
    }

    @Override
    public String getPath() {
      return null;
    }

    @Override
    @SuppressWarnings("removal")
    public String getComment() {
      return null;
    }

    @Override
    public boolean isHttpOnly() {
      return true;
    }

    @Override
    public boolean isSecure() {
      return false;
    }

    @Override
    public int getMaxAge() {
      return -1;
    }

    @Override
    public void setName(String name) {
      throw new IllegalStateException("started");
    }

    @Override
    public void setDomain(String domain) {
      throw new IllegalStateException("started");
    }

    @Override
    public void setPath(String path) {
      throw new IllegalStateException("started");
    }

    @Override
    @SuppressWarnings("removal")
    public void setComment(String comment) {
      throw new IllegalStateException("started");
    }

    @Override
    public void setHttpOnly(boolean httpOnly) {
      throw new IllegalStateException("started");
    }

    @Override
    public void setSecure(boolean secure) {
      throw new IllegalStateException("started");
    }

    @Override
    public void setMaxAge(int maxAge) {
      throw new IllegalStateException("started");
    }
  }
}
