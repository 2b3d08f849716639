package fun.moonkey.testing;

import jakarta.servlet.http.HttpServlet;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.core.StandardContext;
import org.apache.catalina.session.StandardManager;
import org.apache.catalina.startup.Tomcat;

/**
 * A real web application on embedded Tomcat whose only copy of the library is a jar in {@code
 * WEB-INF/lib}, built from the compiled main classes: the webapp's parent class loader hides the
 * library's classes and resources on the test classpath, so that Tomcat finds the library's {@code
 * ServletContainerInitializer} in that jar, as it would in a deployed WAR, or not at all. Sessions
 * expire within about a second of their {@code maxInactiveInterval}. Binds port 0.
 */
public final class TomcatApp implements AutoCloseable {

  private final Tomcat tomcat;
  private final Context context;
  private final Path base;

  private TomcatApp(Tomcat tomcat, Context context, Path base) {
    this.tomcat = tomcat;
    this.context = context;
    this.base = base;
  }

  /** Starts building an application. */
  public static Builder builder() {
    return new Builder();
  }

  /** {@code http://127.0.0.1:port} plus the context path {@code /app}. */
  public URI uri(String path) {
    return URI.create("http://127.0.0.1:" + tomcat.getConnector().getLocalPort() + "/app" + path);
  }

  /** The Tomcat context, to inspect its filters. */
  public Context context() {
    return context;
  }

  @Override
  public void close() throws LifecycleException, IOException {
    try {
      tomcat.stop();
      tomcat.destroy();
    } finally {
      try (Stream<Path> files = Files.walk(base)) {
        for (Path p : files.sorted(Collections.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  /** Context-params and servlets of the application. Not thread-safe. */
  public static final class Builder {
    private final Map<String, String> params = new LinkedHashMap<>();
    private final Map<String, HttpServlet> servlets = new LinkedHashMap<>();
    private final List<java.util.EventListener> listeners = new ArrayList<>();
    private boolean withLibrary = true;

    private Builder() {}

    /** Adds a context-param. */
    public Builder param(String name, String value) {
      params.put(name, value);
      return this;
    }

    /** Maps a servlet to an exact path. */
    public Builder servlet(String path, HttpServlet servlet) {
      servlets.put(path, servlet);
      return this;
    }

    /** Adds an application listener instance (such as an {@code HttpSessionListener}). */
    public Builder listener(java.util.EventListener listener) {
      listeners.add(listener);
      return this;
    }

    /** Leaves the library's jar out of {@code WEB-INF/lib}, to prove a test needs it. */
    public Builder withoutLibrary() {
      withLibrary = false;
      return this;
    }

    /** Deploys and starts the application. */
    public TomcatApp start() throws IOException, LifecycleException {
      Path base = Files.createTempDirectory("moonkey-tomcat");
      Path webapp = Files.createDirectories(base.resolve("app"));
      Path lib = Files.createDirectories(webapp.resolve("WEB-INF/lib"));
      Path mainClasses = mainClasses();
      if (withLibrary) {
        jar(mainClasses, lib.resolve("moonkey-servlet.jar"));
      }
      Tomcat tomcat = new Tomcat();
      tomcat.setBaseDir(base.resolve("tomcat").toString());
      tomcat.setAddDefaultWebXmlToWebapp(false);
      Connector connector = new Connector();
      connector.setPort(0);
      connector.setProperty("address", "127.0.0.1");
      tomcat.setConnector(connector);
      tomcat.getHost().setAutoDeploy(false);
      Context context = tomcat.addWebapp("/app", webapp.toString());
      context.setParentClassLoader(
          new HidingClassLoader(TomcatApp.class.getClassLoader(), mainClasses.toUri().toURL()));
      context.setBackgroundProcessorDelay(1);
      // Leak detection by reflection needs --add-opens and warns without it; tests check threads.
      ((StandardContext) context).setClearReferencesThreadLocals(false);
      ((StandardContext) context).setClearReferencesRmiTargets(false);
      StandardManager manager = new StandardManager();
      manager.setProcessExpiresFrequency(1);
      manager.setPathname(null);
      context.setManager(manager);
      params.forEach(context::addParameter);
      // As in every real deployment: a filter mapped to a path no servlet serves still runs.
      Tomcat.addServlet(context, "default", "org.apache.catalina.servlets.DefaultServlet");
      context.addServletMapping("/", "default");
      servlets.forEach(
          (path, servlet) -> {
            String name = "test" + path.replace('/', '-');
            Tomcat.addServlet(context, name, servlet).setAsyncSupported(true);
            context.addServletMapping(path, name);
          });
      if (!listeners.isEmpty()) {
        context.addServletContainerInitializer(
            (classes, servletContext) -> listeners.forEach(servletContext::addListener), null);
      }
      try {
        tomcat.start();
      } catch (LifecycleException | RuntimeException e) {
        tomcat.destroy();
        throw e;
      }
      return new TomcatApp(tomcat, context, base);
    }

    /** Where the library's classes are: the test's class path holds them, this module not. */
    private static Path mainClasses() {
      try {
        return Path.of(
            Class.forName(
                    "fun.moonkey.servlet.LogoutFilter", false, TomcatApp.class.getClassLoader())
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
      } catch (URISyntaxException | ClassNotFoundException e) {
        throw new IllegalStateException("the library's classes are not on the class path", e);
      }
    }

    private static void jar(Path classes, Path jar) throws IOException {
      try (OutputStream out = Files.newOutputStream(jar);
          JarOutputStream zip = new JarOutputStream(out);
          Stream<Path> files = Files.walk(classes)) {
        for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
          zip.putNextEntry(new JarEntry(classes.relativize(file).toString().replace('\\', '/')));
          Files.copy(file, zip);
          zip.closeEntry();
        }
      }
    }
  }

  /** Delegates to the test class loader, except for what it loads from the library's classes. */
  private static final class HidingClassLoader extends ClassLoader {
    private final String hidden;

    HidingClassLoader(ClassLoader parent, URL hidden) {
      super("moonkey-hiding", parent);
      this.hidden = hidden.toString();
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      if (getResource(name.replace('.', '/') + ".class") == null
          && getParent().getResource(name.replace('.', '/') + ".class") != null) {
        throw new ClassNotFoundException(name);
      }
      return super.loadClass(name, resolve);
    }

    @Override
    public URL getResource(String name) {
      URL url = getParent().getResource(name);
      return url == null || isHidden(url) ? null : url;
    }

    @Override
    public Enumeration<URL> getResources(String name) throws IOException {
      List<URL> visible = new ArrayList<>();
      for (URL url : Collections.list(getParent().getResources(name))) {
        if (!isHidden(url)) {
          visible.add(url);
        }
      }
      return Collections.enumeration(visible);
    }

    private boolean isHidden(URL url) {
      return url.toString().startsWith(hidden);
    }
  }
}
