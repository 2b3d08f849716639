package fun.moonkey.servlet;

import jakarta.servlet.SessionCookieConfig;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * The session cookie's attributes beyond name, path, domain, {@code Secure} and {@code HttpOnly}
 * (such as {@code SameSite}), read with {@code SessionCookieConfig.getAttribute}, which Servlet 6.0
 * added. A Servlet 4 container, where the javax flavour of this library runs (Tomcat 9, Payara 5),
 * has neither that method nor any other API for them: there every attribute reads as unset.
 *
 * <p>The method is looked up once, reflectively, because a direct call would not link on Servlet 4.
 * Thread-safe.
 */
final class SessionCookieAttributes {

  private static final Method GET_ATTRIBUTE = lookup();

  private SessionCookieAttributes() {}

  /** The attribute {@code name} of the session cookie, or null when unset or unknowable. */
  static String get(SessionCookieConfig config, String name) {
    if (GET_ATTRIBUTE == null) {
      return null;
    }
    try {
      return (String) GET_ATTRIBUTE.invoke(config, name);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException("SessionCookieConfig.getAttribute is not accessible", e);
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      if (e.getCause() instanceof Error error) {
        throw error;
      }
      throw new IllegalStateException("SessionCookieConfig.getAttribute failed", e.getCause());
    }
  }

  private static Method lookup() {
    try {
      return SessionCookieConfig.class.getMethod("getAttribute", String.class);
    } catch (NoSuchMethodException e) {
      return null;
    }
  }
}
