package fun.moonkey.jaxrs;

import fun.moonkey.testing.JettyApp;
import jakarta.ws.rs.core.Application;
import java.util.Map;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.servlet.ServletContainer;

/** Puts a Jersey application at {@code /api/*} of a {@link JettyApp}, async-supported. */
final class JerseyOnJetty {

  private JerseyOnJetty() {}

  /** Jersey serving a {@code ResourceConfig} built in code. */
  static JettyApp with(JettyApp app, ResourceConfig config) {
    ServletHolder holder = new ServletHolder(new ServletContainer(config));
    holder.setAsyncSupported(true);
    holder.setInitOrder(1);
    app.context().addServlet(holder, "/api/*");
    return app;
  }

  /** Jersey serving an {@code Application} class named in the servlet's init-params, as web.xml. */
  static JettyApp withApplication(JettyApp app, Class<? extends Application> application) {
    return withInitParams(app, Map.of("jakarta.ws.rs.Application", application.getName()));
  }

  /** Jersey configured by servlet init-params only. */
  static JettyApp withInitParams(JettyApp app, Map<String, String> params) {
    ServletHolder holder = new ServletHolder(ServletContainer.class);
    holder.setInitParameters(params);
    holder.setAsyncSupported(true);
    // load-on-startup, as a WAR would set it: the application starts (or fails) with the server.
    holder.setInitOrder(1);
    app.context().addServlet(holder, "/api/*");
    return app;
  }
}
