package fun.moonkey.testing;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.net.URI;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * A real embedded Jetty 12 (ee10) application on 127.0.0.1 for integration tests: a context with
 * sessions, the filters under test mapped as a WAR would map them, and a small application servlet
 * behind them.
 *
 * <p>The application servlet answers {@code /signin?token=&id=&user=} (creates an {@code
 * HttpSession} holding the MoonKey token, id and user id, as an app does after sign-in, and sets
 * the token cookie), {@code /whoami} (200 with the session's token attribute, 401 without a
 * session), and any other path with {@code 200 downstream <path>}.
 */
public final class JettyApp implements AutoCloseable {

  /** Session attribute names the sample sign-in uses, equal to the library's defaults. */
  public static final String TOKEN_ATTRIBUTE = "moonkey.session_token";

  public static final String SESSION_ID_ATTRIBUTE = "moonkey.session_id";

  public static final String USER_ID_ATTRIBUTE = "moonkey.user_id";

  private final Server server;
  private final ServletContextHandler context;
  private final String contextPath;
  private final QueuedThreadPool pool;
  private boolean asyncSupported = true;

  private JettyApp(String contextPath, int maxThreads) {
    this.contextPath = contextPath;
    pool = new QueuedThreadPool(Math.max(maxThreads, 4), Math.min(maxThreads, 4));
    pool.setName("jetty-test");
    server = new Server(pool);
    ServerConnector connector = new ServerConnector(server, 1, 1);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    context = new ServletContextHandler(ServletContextHandler.SESSIONS);
    context.setContextPath(contextPath);
    server.setHandler(context);
  }

  /**
   * @param contextPath the context path, {@code ""} or {@code /app}
   * @return a not yet started application
   */
  public static JettyApp create(String contextPath) {
    return new JettyApp(contextPath, 16);
  }

  /**
   * @param contextPath the context path
   * @param maxThreads the container's thread pool bound
   */
  public static JettyApp create(String contextPath, int maxThreads) {
    return new JettyApp(contextPath, maxThreads);
  }

  /**
   * Maps the filters and servlets added after this call without {@code async-supported}, as a
   * legacy {@code web.xml} does.
   */
  public JettyApp notAsyncSupported() {
    this.asyncSupported = false;
    return this;
  }

  /** The container's thread pool, to watch how many threads are busy. */
  public QueuedThreadPool threadPool() {
    return pool;
  }

  /** Maps a filter class with init-params, as {@code web.xml} would. */
  public JettyApp filter(Class<? extends Filter> type, String mapping, Map<String, String> params) {
    FilterHolder holder = new FilterHolder(type);
    holder.setInitParameters(new LinkedHashMap<>(params));
    holder.setAsyncSupported(asyncSupported);
    context.addFilter(holder, mapping, EnumSet.of(DispatcherType.REQUEST));
    return this;
  }

  /** Maps a filter instance. */
  public JettyApp filter(Filter filter, String mapping) {
    FilterHolder holder = new FilterHolder(filter);
    holder.setAsyncSupported(asyncSupported);
    context.addFilter(holder, mapping, EnumSet.of(DispatcherType.REQUEST));
    return this;
  }

  /** Maps a servlet. */
  public JettyApp servlet(HttpServlet servlet, String mapping) {
    ServletHolder holder = new ServletHolder(servlet);
    holder.setAsyncSupported(asyncSupported);
    context.addServlet(holder, mapping);
    return this;
  }

  /**
   * Raises the container's request header limit (Jetty's default is 8 KiB), for tests that send a
   * large {@code Cookie} header to the application rather than to the container's guard.
   */
  public JettyApp requestHeaderSize(int bytes) {
    ((ServerConnector) server.getConnectors()[0])
        .getConnectionFactory(org.eclipse.jetty.server.HttpConnectionFactory.class)
        .getHttpConfiguration()
        .setRequestHeaderSize(bytes);
    return this;
  }

  /** The server, for tests that add a request log or read the connector. */
  public Server server() {
    return server;
  }

  /** Sets a context-param. */
  public JettyApp contextParam(String name, String value) {
    context.setInitParameter(name, value);
    return this;
  }

  /** The underlying context, for tests that need more. */
  public ServletContextHandler context() {
    return context;
  }

  /** Starts the server with the application servlet at {@code /*}. */
  public JettyApp start() throws Exception {
    servlet(new AppServlet(), "/*");
    server.start();
    return this;
  }

  /**
   * @param path a context-relative path such as {@code /logout}
   * @return its absolute URI
   */
  public URI uri(String path) {
    int port = ((ServerConnector) server.getConnectors()[0]).getLocalPort();
    return URI.create("http://127.0.0.1:" + port + contextPath + path);
  }

  /** The context path. */
  public String contextPath() {
    return contextPath;
  }

  /** Stops the server. */
  @Override
  public void close() {
    try {
      server.stop();
    } catch (Exception e) {
      throw new IllegalStateException("Jetty did not stop", e);
    }
  }

  /** The application behind the filters. */
  static final class AppServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      String path = req.getRequestURI().substring(req.getContextPath().length());
      resp.setContentType("text/plain;charset=UTF-8");
      if (path.equals("/signin")) {
        HttpSession session = req.getSession(true);
        String token = req.getParameter("token");
        if (token != null) {
          session.setAttribute(TOKEN_ATTRIBUTE, token);
          String contextPath = req.getContextPath().isEmpty() ? "/" : req.getContextPath();
          resp.addHeader(
              "Set-Cookie",
              "session_token=" + token + "; Path=" + contextPath + "; HttpOnly; SameSite=Lax");
        }
        String id = req.getParameter("id");
        if (id != null) {
          session.setAttribute(SESSION_ID_ATTRIBUTE, id);
        }
        String user = req.getParameter("user");
        if (user != null) {
          session.setAttribute(USER_ID_ATTRIBUTE, user);
        }
        resp.getWriter().write("signed in");
      } else if (path.equals("/whoami")) {
        HttpSession session = req.getSession(false);
        if (session == null) {
          resp.setStatus(401);
          resp.getWriter().write("no session");
        } else {
          resp.getWriter().write("session " + session.getAttribute(SESSION_ID_ATTRIBUTE));
        }
      } else {
        resp.getWriter().write("downstream " + req.getMethod() + " " + path);
      }
    }
  }
}
