package fun.moonkey.servlet;

import fun.moonkey.credential.Credential;
import fun.moonkey.credential.CredentialCarrier;
import fun.moonkey.credential.CredentialLookup;
import fun.moonkey.logout.LogoutService;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpSession;
import jakarta.servlet.http.HttpSessionEvent;
import jakarta.servlet.http.HttpSessionListener;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Revokes the MoonKey session of an {@code HttpSession} that ends without a logout: it timed out,
 * or other code invalidated it. Without this, a timed-out application session leaves its MoonKey
 * session alive until MoonKey's own expiry.
 *
 * <p>The library's {@link MoonKeyInitializer} registers this listener in every web application that
 * bundles the jar; it does nothing until a {@link LogoutFilter} of the application, started with
 * {@code revoke-on-session-end=true} (the default), {@linkplain #publish publishes} its {@link
 * LogoutService}. The credential comes from the ending session's attributes ({@code
 * session-id-attribute} first, else {@code token-attribute}) and goes through the same client,
 * retries, circuit breaker and pending-store as a logout. A session that a logout invalidated
 * carries {@link #LOGGED_OUT_ATTRIBUTE} and is not revoked a second time.
 *
 * <p>{@link #sessionDestroyed} never blocks the container's thread on MoonKey: the revocation runs
 * on the client's threads. Thread-safe.
 */
public final class SessionEndRevoker implements HttpSessionListener {

  /** The {@code ServletContext} attribute that holds the {@link LogoutService} to revoke with. */
  public static final String SERVICE_ATTRIBUTE = SessionEndRevoker.class.getName() + ".service";

  /**
   * The {@code HttpSession} attribute a logout sets just before it invalidates the session, so that
   * this listener leaves the session's MoonKey credential to the logout that already revoked it.
   */
  public static final String LOGGED_OUT_ATTRIBUTE = SessionEndRevoker.class.getName() + ".done";

  private static final Logger LOG = System.getLogger(SessionEndRevoker.class.getName());
  private static final Object LOCK = new Object();

  /** For the container: registered by {@link MoonKeyInitializer} or a {@code <listener>}. */
  public SessionEndRevoker() {}

  /**
   * Makes {@code service} the one that revokes the MoonKey sessions of ending {@code HttpSession}s
   * of this application, unless another entry point published one first.
   *
   * @param context the web application
   * @param service a started service
   */
  public static void publish(ServletContext context, LogoutService service) {
    Objects.requireNonNull(service, "service");
    synchronized (LOCK) {
      if (context.getAttribute(SERVICE_ATTRIBUTE) == null) {
        context.setAttribute(SERVICE_ATTRIBUTE, service);
      }
    }
  }

  /**
   * Stops revoking with {@code service}, when it is the published one: its entry point stops.
   *
   * @param context the web application
   * @param service the service given to {@link #publish}
   */
  public static void withdraw(ServletContext context, LogoutService service) {
    synchronized (LOCK) {
      if (context.getAttribute(SERVICE_ATTRIBUTE) == service) {
        context.removeAttribute(SERVICE_ATTRIBUTE);
      }
    }
  }

  @Override
  public void sessionDestroyed(HttpSessionEvent event) {
    HttpSession session = event.getSession();
    if (!(session.getServletContext().getAttribute(SERVICE_ATTRIBUTE)
        instanceof LogoutService service)) {
      return;
    }
    List<Credential> credentials;
    try {
      if (session.getAttribute(LOGGED_OUT_ATTRIBUTE) != null) {
        return;
      }
      credentials = new CredentialLookup(service.config()).find(new SessionAttributes(session));
    } catch (IllegalStateException alreadyGone) {
      // Some containers refuse attribute reads while a session is being invalidated.
      LOG.log(Level.DEBUG, "Ending session unreadable; nothing to revoke");
      return;
    }
    if (credentials.isEmpty()) {
      return;
    }
    LOG.log(Level.DEBUG, "Session ended without logout: revoking its MoonKey session");
    service.sessionEnded(credentials, name -> Optional.ofNullable(session.getAttribute(name)));
  }

  /** The ending session as the only place a credential may be: no cookies, no headers. */
  private static final class SessionAttributes implements CredentialCarrier {
    private final HttpSession session;

    SessionAttributes(HttpSession session) {
      this.session = session;
    }

    @Override
    public List<String> cookieValues(String name) {
      return List.of();
    }

    @Override
    public Optional<String> header(String name) {
      return Optional.empty();
    }

    @Override
    public Optional<Object> sessionAttribute(String name) {
      return Optional.ofNullable(session.getAttribute(name));
    }
  }
}
