package fun.moonkey.jaxrs;

import fun.moonkey.config.ConfigSource;
import fun.moonkey.config.MoonKeyConfig;
import fun.moonkey.logout.ServiceRegistry;
import jakarta.ws.rs.core.Feature;
import jakarta.ws.rs.core.FeatureContext;
import jakarta.ws.rs.ext.Provider;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.Objects;

/**
 * Adds MoonKey logout to a JAX-RS application: registers {@link LogoutResource} (at {@code logout}
 * under the application's base, or at another path), and starts its MoonKey client when the
 * application starts and closes it when the application stops.
 *
 * <pre>{@code
 * // configuration from context-params, system properties or the environment, like the filter:
 * resourceConfig.register(MoonKeyLogoutFeature.class);
 * // or built in code, at another path:
 * resourceConfig.register(MoonKeyLogoutFeature.builder()
 *     .config(MoonKeyConfig.builder().secretKey(System.getenv("MOONKEY_SECRET_KEY")).build())
 *     .path("auth/signout")
 *     .build());
 * }</pre>
 *
 * <p>Without a configuration in code, every key of {@code ConfigKeys} is read, first found wins,
 * from the application's properties {@code moonkey.key}, then (in a servlet container) the
 * context-param {@code moonkey.key}, the system property {@code moonkey.key} and the environment
 * variable {@code MOONKEY_KEY}. A bad value stops the application with a message naming the key.
 *
 * <p>Annotated {@link Provider}, so that class scanning finds it. On Jersey (Tomcat with Jersey
 * bundled, Payara, Grizzly) the client starts and stops with Jersey's application; on another
 * runtime (RESTEasy on WildFly) it starts while the feature is configured, which is during the
 * deployment, and stops with the web application. A path other than {@link
 * LogoutResource#DEFAULT_PATH} relies on Jersey's resource model, and is refused elsewhere.
 * Immutable.
 */
@Provider
public final class MoonKeyLogoutFeature implements Feature {

  private static final Logger LOG = System.getLogger(MoonKeyLogoutFeature.class.getName());

  private final MoonKeyConfig config;
  private final String path;

  /** Configuration read when the application starts; the resource at {@code logout}. */
  public MoonKeyLogoutFeature() {
    this(null, LogoutResource.DEFAULT_PATH);
  }

  /**
   * @param config the configuration to use; nothing else is read
   */
  public MoonKeyLogoutFeature(MoonKeyConfig config) {
    this(Objects.requireNonNull(config, "config"), LogoutResource.DEFAULT_PATH);
  }

  private MoonKeyLogoutFeature(MoonKeyConfig config, String path) {
    this.config = config;
    this.path = path;
  }

  /**
   * @return a builder for a feature with a configuration built in code and/or another path
   */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public boolean configure(FeatureContext context) {
    if (context.getConfiguration().getProperty(LogoutRuntime.PROPERTY) != null) {
      // Registered twice (an instance and a scanned class): the first one wins.
      return false;
    }
    LogoutRuntime runtime = new LogoutRuntime(config, path);
    context.property(LogoutRuntime.PROPERTY, runtime);
    if (onJersey(context)) {
      // Jersey says when the application starts and stops, and where its servlet request is.
      context.register(new JerseyLifecycle(runtime));
      if (!path.equals(LogoutResource.DEFAULT_PATH)) {
        context.register(new LogoutPathProcessor(path));
      }
      if (!context.getConfiguration().isRegistered(LogoutResource.class)) {
        context.register(LogoutResource.class);
      }
    } else {
      if (!path.equals(LogoutResource.DEFAULT_PATH)) {
        throw new IllegalStateException(
            "MoonKeyLogoutFeature path '"
                + path
                + "' needs Jersey's resource model, and this JAX-RS runtime is "
                + context.getClass().getName()
                + ": keep the default path '"
                + LogoutResource.DEFAULT_PATH
                + "' under an @ApplicationPath of your choice");
      }
      startPortably(runtime, context);
      // Only Jersey lets a feature add a resource, and nothing here can see whether the
      // application lists it: say so once, where the runtime's start-up lines are. Registering
      // the resource here anyway would break Apache CXF (Open Liberty's Java EE 8 JAX-RS), which
      // takes every class a feature registers for a provider and fails the application's start
      // because the resource has no constructor without parameters.
      LOG.log(
          Level.INFO,
          "MoonKeyLogoutFeature on {0}: this JAX-RS runtime serves LogoutResource only when the"
              + " Application lists LogoutResource.class beside the feature, or scans",
          context.getClass().getName());
    }
    return true;
  }

  /**
   * Any other JAX-RS runtime (RESTEasy on WildFly): it configures features while it deploys the
   * application, so the client starts here, and a bad setting fails the deployment. In a servlet
   * container the client is the application's shared one, closed when the application stops.
   */
  private static void startPortably(LogoutRuntime runtime, FeatureContext context) {
    Object servletContext = OptionalApi.SERVLET ? PortableServlet.currentContext() : null;
    if (servletContext != null) {
      PortableServlet.start(runtime, context.getConfiguration(), servletContext);
      context.register(ServletCapture.class);
      return;
    }
    runtime.start(
        context.getConfiguration(),
        ConfigSource.firstFound(
            ConfigSource.systemProperties(), ConfigSource.environment(System.getenv())),
        new ServiceRegistry(),
        null,
        "no servlet layer; this runtime gives no stop signal, so the client lives with the JVM");
  }

  /** Whether Jersey runs this application (its feature context is one of Jersey's classes). */
  private static boolean onJersey(FeatureContext context) {
    for (Class<?> type = context.getClass(); type != null; type = type.getSuperclass()) {
      if (type.getName().startsWith("org.glassfish.jersey.")) {
        return OptionalApi.JERSEY_SERVER;
      }
    }
    return false;
  }

  /** Builds a {@link MoonKeyLogoutFeature}. Not thread-safe. */
  public static final class Builder {
    private MoonKeyConfig config;
    private String path = LogoutResource.DEFAULT_PATH;

    private Builder() {}

    /**
     * @param config the configuration to use instead of reading one at start-up
     * @return this builder
     */
    public Builder config(MoonKeyConfig config) {
      this.config = Objects.requireNonNull(config, "config");
      return this;
    }

    /**
     * @param path the resource's path under the application's base, such as {@code auth/signout};
     *     leading and trailing {@code /} are ignored
     * @return this builder
     * @throws IllegalArgumentException when the path is empty or holds a space, {@code ?}, {@code
     *     #}, <code>{</code> or <code>}</code>
     */
    public Builder path(String path) {
      Objects.requireNonNull(path, "path");
      String stripped = path.replaceAll("^/+|/+$", "");
      if (stripped.isEmpty() || !stripped.matches("[^\\s?#{}]+")) {
        throw new IllegalArgumentException(
            "MoonKeyLogoutFeature path: expected a path such as auth/signout, got '" + path + "'");
      }
      this.path = stripped;
      return this;
    }

    /**
     * @return the feature
     */
    public MoonKeyLogoutFeature build() {
      return new MoonKeyLogoutFeature(config, path);
    }
  }
}
