package fun.moonkey.jaxrs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fun.moonkey.config.MoonKeyConfig;
import fun.moonkey.emulator.MoonKeyEmulator;
import fun.moonkey.testing.JettyApp;
import jakarta.ws.rs.core.Configuration;
import jakarta.ws.rs.core.FeatureContext;
import java.lang.reflect.Proxy;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The feature on a JAX-RS runtime other than Jersey (CXF in TomEE, RESTEasy in WildFly), given a
 * feature context that is none of Jersey's and records what the feature registers. Such a runtime
 * serves only the resources the application lists or scans; CXF takes a class registered by a
 * feature for a provider and, unable to make a {@link LogoutResource} without arguments, drops the
 * whole application. So the feature registers nothing there and only starts the client. And CXF
 * hands its resources a configuration with the {@code Application}'s properties only, without the
 * one the feature set: in a servlet container the resource then finds the feature's runtime through
 * the application's servlet context.
 */
class MoonKeyLogoutFeatureElsewhereTest {

  @Test
  void onAnotherRuntimeTheFeatureStartsTheClientAndRegistersNoResource() {
    try (MoonKeyEmulator moonKey = MoonKeyEmulator.start()) {
      Map<String, Object> properties = new HashMap<>();
      List<Object> registered = new ArrayList<>();
      MoonKeyLogoutFeature feature =
          new MoonKeyLogoutFeature(
              MoonKeyConfig.builder()
                  .secretKey(moonKey.secretKey())
                  .apiUrl(moonKey.baseUri())
                  .build());

      assertTrue(feature.configure(featureContext(properties, registered)));

      assertEquals(List.of(), registered, "what the feature registered");
      LogoutRuntime runtime =
          assertInstanceOf(LogoutRuntime.class, properties.get(LogoutRuntime.PROPERTY));
      try {
        assertNotNull(runtime.service(), "the client started while the feature was configured");
      } finally {
        runtime.stop();
      }
    }
  }

  @Test
  void inAServletApplicationTheResourceFindsTheFeaturesRuntimeWithoutItsProperty()
      throws Exception {
    ClassLoader webapp =
        new URLClassLoader(new URL[0], MoonKeyLogoutFeatureElsewhereTest.class.getClassLoader());
    try (MoonKeyEmulator moonKey = MoonKeyEmulator.start()) {
      JettyApp app = DropInApp.start(moonKey, webapp);
      Thread thread = Thread.currentThread();
      ClassLoader previous = thread.getContextClassLoader();
      try {
        Map<String, Object> properties = new HashMap<>();
        List<Object> registered = new ArrayList<>();
        // The runtime configures the application, and later serves its calls, on its loader.
        thread.setContextClassLoader(webapp);
        assertTrue(new MoonKeyLogoutFeature().configure(featureContext(properties, registered)));
        assertEquals(List.of(ServletCapture.class), registered, "what the feature registered");
        LogoutRuntime runtime = (LogoutRuntime) properties.get(LogoutRuntime.PROPERTY);

        Configuration withoutTheProperty =
            featureContext(new HashMap<>(), registered).getConfiguration();
        assertSame(runtime, LogoutRuntime.of(withoutTheProperty));
        assertNotNull(new LogoutResource(withoutTheProperty));

        thread.setContextClassLoader(previous);
        IllegalStateException elsewhere =
            assertThrows(IllegalStateException.class, () -> LogoutRuntime.of(withoutTheProperty));
        assertTrue(elsewhere.getMessage().contains("LogoutResource needs MoonKeyLogoutFeature"));
      } finally {
        thread.setContextClassLoader(previous);
        app.close();
      }
    }
  }

  /**
   * A feature context of no JAX-RS implementation: its configuration lists no class and holds the
   * properties set on it; every {@code register} call lands in {@code registered}.
   */
  private static FeatureContext featureContext(
      Map<String, Object> properties, List<Object> registered) {
    Configuration configuration =
        proxy(
            Configuration.class,
            (method, args) ->
                switch (method) {
                  case "getProperty" -> properties.get((String) args[0]);
                  case "getPropertyNames" -> Set.copyOf(properties.keySet());
                  case "getProperties" -> Map.copyOf(properties);
                  case "getClasses", "getInstances" -> Set.of();
                  case "isRegistered" -> false;
                  default -> throw new UnsupportedOperationException(method);
                });
    FeatureContext[] context = new FeatureContext[1];
    context[0] =
        proxy(
            FeatureContext.class,
            (method, args) ->
                switch (method) {
                  case "getConfiguration" -> configuration;
                  case "property" -> {
                    properties.put((String) args[0], args[1]);
                    yield context[0];
                  }
                  case "register" -> {
                    registered.add(args[0]);
                    yield context[0];
                  }
                  default -> throw new UnsupportedOperationException(method);
                });
    return context[0];
  }

  private interface Answer {
    Object answer(String method, Object[] args);
  }

  private static <T> T proxy(Class<T> type, Answer answer) {
    return type.cast(
        Proxy.newProxyInstance(
            type.getClassLoader(),
            new Class<?>[] {type},
            (self, method, args) -> answer.answer(method.getName(), args)));
  }
}
