package fun.moonkey.jaxrs;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fun.moonkey.config.MoonKeyConfig;
import jakarta.ws.rs.core.Configuration;
import jakarta.ws.rs.core.FeatureContext;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

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
