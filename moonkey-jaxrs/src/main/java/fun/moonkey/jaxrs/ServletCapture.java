package fun.moonkey.jaxrs;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;

/**
 * Keeps, for the thread that will run {@link LogoutResource}, the {@code HttpServletRequest} of the
 * call, which JAX-RS injects into providers in a servlet container. Registered by {@link
 * MoonKeyLogoutFeature} on runtimes other than Jersey, in a servlet container only.
 *
 * <p>Public only because the JAX-RS runtime makes it; not for applications to use.
 *
 * <p>Why a filter: {@code LogoutResource} must not name a servlet type (it also runs where there is
 * no servlet API), and JAX-RS offers a resource no neutral way to the servlet request.
 */
public final class ServletCapture implements ContainerRequestFilter {

  private static final ThreadLocal<HttpServletRequest> CURRENT = new ThreadLocal<>();

  @Context private HttpServletRequest request;
  @Context private ResourceInfo resource;

  /** For the JAX-RS runtime. */
  public ServletCapture() {}

  @Override
  public void filter(ContainerRequestContext context) {
    if (resource.getResourceClass() == LogoutResource.class) {
      CURRENT.set(request);
    } else {
      CURRENT.remove();
    }
  }

  /** The request of the current call to {@link LogoutResource}, or null. */
  static HttpServletRequest current() {
    return CURRENT.get();
  }
}
