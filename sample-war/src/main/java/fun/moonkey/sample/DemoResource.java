package fun.moonkey.sample;

import jakarta.servlet.ServletContext;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;

/**
 * {@code GET /api/demo}: {@code {"emulator_url": "http://127.0.0.1:…"}} when the demo sign-in
 * through a MoonKey emulator is on (see {@link DemoSettings}), {@code {"emulator_url": null}}
 * otherwise. The sign-in page reads it to decide whether to show the demo form.
 */
@Path("demo")
public final class DemoResource {

  @Context private ServletContext servletContext;

  /** Created by the JAX-RS runtime per request. */
  public DemoResource() {}

  /**
   * The demo settings.
   *
   * @return the answer
   */
  @GET
  @Produces(MediaType.APPLICATION_JSON)
  public Response demo() {
    String url = SampleLifecycle.demo(servletContext).emulatorUrl().map(URI::toString).orElse(null);
    return Response.ok(JsonBody.object("emulator_url", url))
        .header("Cache-Control", "no-store")
        .build();
  }
}
