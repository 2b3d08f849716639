package fun.moonkey.testing;

import java.lang.reflect.Proxy;
import java.util.Hashtable;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.naming.Context;
import javax.naming.NameNotFoundException;
import javax.naming.NamingException;
import javax.naming.spi.InitialContextFactory;

/**
 * A JNDI naming context for tests, where a container would give one: {@link #bind} a {@code
 * DataSource} under a name, {@link #install} this factory as the JVM's initial context, and {@code
 * pending-store=jdbc:<name>} finds it. Only {@code lookup(String)} is served.
 */
public final class TestJndi implements InitialContextFactory {

  private static final Map<String, Object> BOUND = new ConcurrentHashMap<>();

  /** Makes {@code new InitialContext()} this factory's context, for the whole JVM. */
  public static void install() {
    System.setProperty(Context.INITIAL_CONTEXT_FACTORY, TestJndi.class.getName());
  }

  /** Undoes {@link #install} and forgets every name. */
  public static void uninstall() {
    System.clearProperty(Context.INITIAL_CONTEXT_FACTORY);
    BOUND.clear();
  }

  /** Binds {@code value} under {@code name}. */
  public static void bind(String name, Object value) {
    BOUND.put(name, value);
  }

  @Override
  public Context getInitialContext(Hashtable<?, ?> environment) {
    return (Context)
        Proxy.newProxyInstance(
            TestJndi.class.getClassLoader(),
            new Class<?>[] {Context.class},
            (proxy, method, args) -> {
              switch (method.getName()) {
                case "lookup":
                  Object found = BOUND.get(String.valueOf(args[0]));
                  if (found == null) {
                    throw new NameNotFoundException(String.valueOf(args[0]));
                  }
                  return found;
                case "close":
                  return null;
                case "toString":
                  return "TestJndi" + BOUND.keySet();
                default:
                  throw new NamingException("not served by TestJndi: " + method.getName());
              }
            });
  }
}
