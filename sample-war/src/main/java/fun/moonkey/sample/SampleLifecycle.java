package fun.moonkey.sample;

import fun.moonkey.config.ConfigException;
import fun.moonkey.config.MoonKeyConfig;
import fun.moonkey.servlet.ServletConfigSources;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;

/**
 * Starts and stops what the sample's sign-in needs: the {@link SessionVerifier} (one JAX-RS client,
 * pointed at the same MoonKey API and secret key as the {@code LogoutFilter}) and the {@link
 * DemoSettings}. Both are kept as servlet context attributes; the client is closed when the
 * application stops, so undeploying leaves nothing running.
 */
@WebListener
public final class SampleLifecycle implements ServletContextListener {

  static final String VERIFIER_ATTRIBUTE = SessionVerifier.class.getName();
  static final String DEMO_ATTRIBUTE = DemoSettings.class.getName();

  private static final Logger LOG = System.getLogger(SampleLifecycle.class.getName());

  /** Created by the container. */
  public SampleLifecycle() {}

  @Override
  public void contextInitialized(ServletContextEvent event) {
    ServletContext context = event.getServletContext();
    MoonKeyConfig config;
    try {
      config = MoonKeyConfig.from(ServletConfigSources.forContext(context));
    } catch (ConfigException e) {
      throw new IllegalStateException(e.getMessage());
    }
    DemoSettings demo = DemoSettings.from(context);
    context.setAttribute(DEMO_ATTRIBUTE, demo);
    context.setAttribute(
        VERIFIER_ATTRIBUTE, new SessionVerifier(config.apiUrl(), config.secretKey()));
    LOG.log(
        Level.INFO,
        "MoonKey sample ready: API {0}, demo sign-in {1}",
        config.apiUrl(),
        demo.emulatorUrl().map(u -> "through the emulator at " + u).orElse("off"));
  }

  @Override
  public void contextDestroyed(ServletContextEvent event) {
    ServletContext context = event.getServletContext();
    if (context.getAttribute(VERIFIER_ATTRIBUTE) instanceof SessionVerifier verifier) {
      verifier.close();
      context.removeAttribute(VERIFIER_ATTRIBUTE);
    }
  }

  static SessionVerifier verifier(ServletContext context) {
    return (SessionVerifier) context.getAttribute(VERIFIER_ATTRIBUTE);
  }

  static DemoSettings demo(ServletContext context) {
    return (DemoSettings) context.getAttribute(DEMO_ATTRIBUTE);
  }
}
