package fun.moonkey.jaxrs;

import fun.moonkey.answer.LogoutSummary;
import fun.moonkey.logout.LogoutService;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.container.AsyncResponse;
import jakarta.ws.rs.container.Suspended;
import jakarta.ws.rs.core.Configuration;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;
import java.util.Optional;

/**
 * Lets an administrator end every MoonKey session of a user over JAX-RS (OWASP ASVS 5.0 7.4.5):
 * {@code POST {application base}/moonkey-admin/users/{userId}/sessions/end} runs {@link
 * LogoutService#endAllSessionsOf} and answers JSON (the answers and rules: docs/admin.md). Never
 * reachable without the setting {@code admin-role}: unset, every call gets 404; set, the caller
 * must be authenticated (401) and in that role ({@code SecurityContext.isUserInRole}, 403), and a
 * cross-site browser request or a form body is refused (403); see {@link AdminGate}.
 *
 * <p>Optional: the application registers it beside {@link MoonKeyLogoutFeature} (which it needs),
 * the feature never does. Open for extension in one way only: an application whose runtime enforces
 * {@code @RolesAllowed} (Jersey's {@code RolesAllowedDynamicFeature}, RESTEasy's role-based
 * security) may register a subclass carrying {@code @Path} and {@code @RolesAllowed} instead; both
 * checks then apply. One instance per request.
 */
@Path(SessionAdminResource.DEFAULT_PATH)
public class SessionAdminResource {

  /** The path under the application's base. */
  public static final String DEFAULT_PATH = "moonkey-admin";

  @Context private Configuration configuration;

  /** For the JAX-RS runtime, which injects the application's configuration. */
  public SessionAdminResource() {}

  /**
   * Ends every MoonKey session of a user; resumes when MoonKey has answered or {@code timeout} has
   * passed.
   *
   * @param userId MoonKey's id of the user
   * @param headers the request's headers
   * @param uri the request's URI
   * @param security the caller
   * @param response resumed with the JSON answer
   */
  @POST
  @Path("users/{userId}/sessions/end")
  public void endAllSessions(
      @PathParam("userId") String userId,
      @Context HttpHeaders headers,
      @Context UriInfo uri,
      @Context SecurityContext security,
      @Suspended AsyncResponse response) {
    LogoutRuntime runtime = LogoutRuntime.of(configuration);
    LogoutService service = runtime.service();
    Optional<AdminGate.Refusal> refusal =
        runtime.adminGate().check(runtime.facts("POST", uri, headers, security), security);
    if (refusal.isPresent()) {
      response.resume(json(refusal.get().status(), refusal.get().body()));
      return;
    }
    try {
      service
          .endAllSessionsOf(userId)
          .thenApply(SessionAdminResource::answer)
          .whenComplete((answer, failure) -> response.resume(failure != null ? failure : answer));
    } catch (IllegalArgumentException bad) {
      // The message names what is wrong without echoing the id.
      String message = bad.getMessage().replace("\\", "\\\\").replace("\"", "\\\"");
      response.resume(json(400, "{\"error\": \"" + message + "\"}"));
    }
  }

  /** The summary as the answer: 200 unless MoonKey refused for good (502). */
  static Response answer(LogoutSummary summary) {
    String counts =
        "\"revoked\": "
            + summary.revoked()
            + ", \"pending\": "
            + summary.pending()
            + ", \"failed\": "
            + summary.failed();
    return switch (summary.status()) {
      case REVOKED, NO_SESSION -> json(200, "{\"success\": true, " + counts + "}");
      case PENDING -> json(200, "{\"success\": true, \"revocation\": \"pending\", " + counts + "}");
      case FAILED ->
          json(502, "{\"error\": \"MoonKey did not end every session\", " + counts + "}");
    };
  }

  private static Response json(int status, String body) {
    return Response.status(status)
        .header("Cache-Control", "no-store")
        .type("application/json;charset=UTF-8")
        .entity(body)
        .build();
  }
}
