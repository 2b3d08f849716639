package fun.moonkey.jaxrs;

import fun.moonkey.emulator.MoonKeyEmulator;
import fun.moonkey.servlet.LogoutFilter;
import fun.moonkey.servlet.MoonKeyInitializer;
import fun.moonkey.testing.JettyApp;
import java.util.Map;

/** A web application with the drop-in's initializer, as a container deploys one, for the tests. */
final class DropInApp {

  private DropInApp() {}

  /**
   * Starts {@code /app} in embedded Jetty on {@code webapp}, its own class loader: {@code
   * LogoutFilter} on {@code /logout}, {@code MoonKeyInitializer}, and {@code moonKey}'s settings.
   */
  static JettyApp start(MoonKeyEmulator moonKey, ClassLoader webapp) throws Exception {
    JettyApp app =
        JettyApp.create("/app")
            .filter(LogoutFilter.class, "/logout", Map.of())
            .contextParam("moonkey.secret-key", moonKey.secretKey())
            .contextParam("moonkey.api-url", moonKey.baseUri().toString());
    app.context().addServletContainerInitializer(new MoonKeyInitializer());
    app.context().setClassLoader(webapp);
    app.start();
    return app;
  }
}
