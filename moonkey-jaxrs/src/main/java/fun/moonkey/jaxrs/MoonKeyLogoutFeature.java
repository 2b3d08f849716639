package fun.moonkey.jaxrs;

import fun.moonkey.config.MoonKeyConfig;
import jakarta.ws.rs.core.Feature;
import jakarta.ws.rs.core.FeatureContext;
import jakarta.ws.rs.ext.Provider;
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
 * <p>Annotated {@link Provider}, so that class scanning finds it. A path other than {@link
 * LogoutResource#DEFAULT_PATH} relies on Jersey's resource model (every Jakarta EE server this
 * library targets runs Jersey). Immutable.
 */
@Provider
public final class MoonKeyLogoutFeature implements Feature {

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
    context.register(runtime);
    if (!context.getConfiguration().isRegistered(LogoutResource.class)) {
      context.register(LogoutResource.class);
    }
    if (!path.equals(LogoutResource.DEFAULT_PATH)) {
      context.register(new LogoutPathProcessor(path));
    }
    return true;
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
