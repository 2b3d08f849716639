package fun.moonkey.sample;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * {@code GET /api/me}: 200 {@code {"id": …, "email": …}} ({@code email} {@code null} when unknown)
 * while this browser's {@code HttpSession} is signed in, else 401 {@code {"error": "Not signed
 * in"}}. Never cached.
 */
@Path("me")
public final class MeResource {

  @Context private HttpServletRequest request;

  /** Created by the JAX-RS runtime per request. */
  public MeResource() {}

  /**
   * Who is signed in.
   *
   * @return the answer
   */
  @GET
  @Produces(MediaType.APPLICATION_JSON)
  public Response me() {
    return SignedInUser.of(request.getSession(false))
        .map(
            user ->
                Response.ok(JsonBody.object("id", user.id(), "email", user.email()))
                    .header("Cache-Control", "no-store")
                    .build())
        .orElseGet(() -> SessionResource.error(401, "Not signed in"));
  }
}
