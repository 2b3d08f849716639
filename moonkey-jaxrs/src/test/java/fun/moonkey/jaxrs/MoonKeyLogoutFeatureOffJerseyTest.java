package fun.moonkey.jaxrs;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fun.moonkey.config.MoonKeyConfig;
import fun.moonkey.servlet.MoonKeyInitializer;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.ws.rs.core.Configuration;
import jakarta.ws.rs.core.FeatureContext;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The feature on a JAX-RS runtime other than Jersey, whose feature context here behaves as Apache
 * CXF's (Open Liberty's Java EE 8 JAX-RS) does: it instantiates every class a feature registers as
 * a provider, with a constructor without parameters. The feature must register no class CXF cannot
 * make, {@link LogoutResource} least of all, since that failed the application's start.
 */
class MoonKeyLogoutFeatureOffJerseyTest {

  @Test
  void theFeatureRegistersOnlyWhatACxfLikeRuntimeCanInstantiate() {
    CxfLikeContext cxf = new CxfLikeContext();
    MoonKeyLogoutFeature feature =
        MoonKeyLogoutFeature.builder()
            .config(
                MoonKeyConfig.builder()
                    .secretKey("sk_test_offjersey")
                    .apiUrl(URI.create("http://127.0.0.1:9"))
                    .build())
            .build();
    try {
      assertTrue(feature.configure(cxf.proxy()));

      assertFalse(
          cxf.registered.contains(LogoutResource.class),
          "registered: " + cxf.registered + " (the application lists the resource itself)");
      assertInstanceOf(LogoutRuntime.class, cxf.properties.get(LogoutRuntime.PROPERTY));
    } finally {
      if (cxf.properties.get(LogoutRuntime.PROPERTY) instanceof LogoutRuntime runtime) {
        runtime.stop();
      }
    }
  }

  /**
   * CXF injects into resources a configuration that lacks the properties the feature set: in a
   * servlet container the resource finds the feature's runtime through its application. The
   * application here is a recording context that the library's initializer starts.
   */
  @Test
  void inAServletContainerTheResourceFindsTheFeaturesRuntimeWithoutItsProperty(@TempDir Path work)
      throws Exception {
    Map<String, String> params =
        Map.of("moonkey.secret-key", "sk_test_offjersey", "moonkey.api-url", "http://127.0.0.1:9");
    Map<String, Object> attributes = new ConcurrentHashMap<>();
    attributes.put(ServletContext.TEMPDIR, work.toFile());
    List<ServletContextListener> listeners = new ArrayList<>();
    ClassLoader application = new URLClassLoader(new URL[0], getClass().getClassLoader());
    ServletContext context =
        (ServletContext)
            Proxy.newProxyInstance(
                getClass().getClassLoader(),
                new Class<?>[] {ServletContext.class},
                (self, method, args) ->
                    switch (method.getName()) {
                      case "getInitParameter" -> params.get((String) args[0]);
                      case "getInitParameterNames" -> Collections.enumeration(params.keySet());
                      case "getFilterRegistrations" -> Map.of();
                      case "getContextPath" -> "/shop";
                      case "getClassLoader" -> application;
                      case "getAttribute" -> attributes.get((String) args[0]);
                      case "setAttribute" -> attributes.put((String) args[0], args[1]);
                      case "addListener" -> {
                        if (args[0] instanceof ServletContextListener listener) {
                          listeners.add(listener);
                        }
                        yield null;
                      }
                      case "hashCode" -> System.identityHashCode(self);
                      case "equals" -> self == args[0];
                      default -> throw new UnsupportedOperationException(method.getName());
                    });
    new MoonKeyInitializer().onStartup(null, context);
    Thread thread = Thread.currentThread();
    ClassLoader before = thread.getContextClassLoader();
    thread.setContextClassLoader(application);
    try {
      CxfLikeContext cxf = new CxfLikeContext();
      assertTrue(new MoonKeyLogoutFeature().configure(cxf.proxy()));
      Configuration injected = new CxfLikeContext().proxy().getConfiguration();

      assertSame(cxf.properties.get(LogoutRuntime.PROPERTY), LogoutRuntime.of(injected));
    } finally {
      thread.setContextClassLoader(before);
      listeners.forEach(listener -> listener.contextDestroyed(new ServletContextEvent(context)));
    }
  }

  /** A feature context that makes each registered class at once, as CXF's does. */
  private static final class CxfLikeContext {
    final Map<String, Object> properties = new HashMap<>();
    final List<Class<?>> registered = new ArrayList<>();

    FeatureContext proxy() {
      Configuration configuration =
          (Configuration)
              Proxy.newProxyInstance(
                  getClass().getClassLoader(),
                  new Class<?>[] {Configuration.class},
                  (self, method, args) ->
                      switch (method.getName()) {
                        case "getProperty" -> properties.get((String) args[0]);
                        case "getPropertyNames" -> Set.copyOf(properties.keySet());
                        case "getProperties" -> Map.copyOf(properties);
                        case "isRegistered" -> registered.contains(args[0]);
                        case "getClasses" -> Set.copyOf(registered);
                        case "getInstances" -> Set.of();
                        case "hashCode" -> System.identityHashCode(self);
                        case "equals" -> self == args[0];
                        case "toString" -> "CXF-like configuration";
                        default -> throw new UnsupportedOperationException(method.getName());
                      });
      FeatureContext[] context = new FeatureContext[1];
      context[0] =
          (FeatureContext)
              Proxy.newProxyInstance(
                  getClass().getClassLoader(),
                  new Class<?>[] {FeatureContext.class},
                  (self, method, args) ->
                      switch (method.getName()) {
                        case "getConfiguration" -> configuration;
                        case "property" -> {
                          properties.put((String) args[0], args[1]);
                          yield context[0];
                        }
                        case "register" -> {
                          if (args[0] instanceof Class<?> type) {
                            // CXF's ConfigurationImpl.createProvider: Class.newInstance()
                            type.getConstructor().newInstance();
                            registered.add(type);
                          }
                          yield context[0];
                        }
                        case "hashCode" -> System.identityHashCode(self);
                        case "equals" -> self == args[0];
                        case "toString" -> "CXF-like feature context";
                        default -> throw new UnsupportedOperationException(method.getName());
                      });
      return context[0];
    }
  }
}
