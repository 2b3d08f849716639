package fun.moonkey.sample;

import fun.moonkey.jaxrs.MoonKeyLogoutFeature;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import java.util.Map;
import java.util.Set;

/**
 * The sample's JAX-RS application at {@code /api}: the app's own sign-in ({@code POST
 * /api/session}), who is signed in ({@code GET /api/me}), the demo settings the pages read ({@code
 * GET /api/demo}), and the library's logout for {@code fetch} callers ({@code POST /api/logout},
 * registered by {@link MoonKeyLogoutFeature} with the configuration from the environment).
 *
 * <p>On Tomcat and Jetty the WAR bundles Jersey, whose servlet initializer finds this class by its
 * {@link ApplicationPath}; on Payara the server's own Jersey does the same.
 */
@ApplicationPath("/api")
public final class SampleApplication extends Application {

  /** Created by the JAX-RS runtime. */
  public SampleApplication() {}

  /**
   * Switches off, by Jersey's property names (plain strings: no compile-time Jersey dependency),
   * the WADL generator and the {@code DataSource} provider, which need JAXB and Jakarta Activation;
   * the sample uses neither, and without these Jersey logs a WARNING for each at start-up.
   */
  @Override
  public Map<String, Object> getProperties() {
    return Map.of(
        "jersey.config.server.wadl.disableWadl",
        true,
        "jersey.config.disableDefaultProvider",
        "DATASOURCE");
  }

  @Override
  public Set<Class<?>> getClasses() {
    return Set.of(
        SessionResource.class, MeResource.class, DemoResource.class, MoonKeyLogoutFeature.class);
  }
}
