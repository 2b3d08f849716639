package fun.moonkey.sample.dev;

import java.io.IOException;
import java.net.URL;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

/**
 * The parent class loader the demo gives its web application: it shows the application Tomcat's own
 * classes (the servlet, EL and annotation APIs, {@code org.apache.*}) and the JDK, and nothing else
 * of the launcher's class path. So the WAR runs on its own {@code WEB-INF/lib}, as in a real
 * Tomcat, and cannot see the emulator or a second copy of Jersey and HK2 (two copies make HK2's
 * request-scoped proxies fail with "ProxyCtl … is not visible from class loader").
 */
final class ContainerOnlyClassLoader extends ClassLoader {

  private static final List<String> CONTAINER_PACKAGES =
      List.of(
          "jakarta.servlet.",
          "jakarta.el.",
          "jakarta.annotation.",
          "jakarta.websocket.",
          "jakarta.security.auth.message.",
          "org.apache.");

  private final ClassLoader container;

  /**
   * @param container the loader that loaded Tomcat (the launcher's)
   */
  ContainerOnlyClassLoader(ClassLoader container) {
    super("sample-demo-container", ClassLoader.getPlatformClassLoader());
    this.container = container;
  }

  @Override
  protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
    if (isContainer(name)) {
      return container.loadClass(name);
    }
    return super.loadClass(name, resolve);
  }

  @Override
  public URL getResource(String name) {
    return isContainer(name.replace('/', '.'))
        ? container.getResource(name)
        : super.getResource(name);
  }

  @Override
  public Enumeration<URL> getResources(String name) throws IOException {
    return isContainer(name.replace('/', '.'))
        ? container.getResources(name)
        : Collections.enumeration(Collections.list(super.getResources(name)));
  }

  private static boolean isContainer(String name) {
    return CONTAINER_PACKAGES.stream().anyMatch(name::startsWith);
  }
}
