package fun.moonkey.jaxrs;

import fun.moonkey.answer.LogoutResponder;
import fun.moonkey.answer.ResponseMode;
import fun.moonkey.logout.SessionsEndpoint;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.OPTIONS;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.AsyncResponse;
import jakarta.ws.rs.container.Suspended;
import jakarta.ws.rs.core.Configuration;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;

/**
 * Logs users out of MoonKey over JAX-RS: {@code POST {application base}/logout} revokes the MoonKey
 * session, invalidates the {@code HttpSession} (when there is a servlet layer), expires the auth
 * cookies and answers JSON, whatever the caller accepts (the answers: docs/filter.md, Answers). It
 * only translates: {@link ResourceExchange} hands the request to the service's {@code
 * LogoutEndpoint}, the filter's own (same guard, lookup, revocation and cookie deletions), and the
 * answer comes back as a {@link Response}. Register it through {@link MoonKeyLogoutFeature}; the
 * request is suspended ({@link AsyncResponse}) while MoonKey answers (at most {@code timeout}), so
 * on a servlet container the Jersey servlet must be {@code async-supported}.
 *
 * <p>With {@code sessions-api}, {@code GET .../logout/sessions} lists the signed-in user's MoonKey
 * sessions and {@code POST .../logout/sessions/end} ends one of the others, as the filter's paths
 * under {@code logout-path} do (docs/sessions.md); without it both answer 404.
 *
 * <p>One instance per request, as JAX-RS makes resources by default.
 */
@Path(LogoutResource.DEFAULT_PATH)
public final class LogoutResource {

  /** The path under the application's base, unless the feature is given another. */
  public static final String DEFAULT_PATH = "logout";

  private final LogoutRuntime runtime;

  /**
   * For the JAX-RS runtime.
   *
   * @param configuration the application's configuration, holding the feature's runtime
   * @throws IllegalStateException when {@link MoonKeyLogoutFeature} is not registered
   */
  public LogoutResource(@Context Configuration configuration) {
    this.runtime = LogoutRuntime.of(configuration);
  }

  /**
   * Logs the request out. Resumes when MoonKey has answered or {@code timeout} has passed; the
   * session and the cookie deletions are done before the container thread is released.
   *
   * @param headers the request's headers and cookies
   * @param security whether the request came over TLS
   * @param scope {@code all} or {@code others} to log out every session of the user, or every other
   *     one, when {@code scopes} allows it; otherwise ignored
   * @param body the request's body, where a form may carry {@code scope} instead of the query
   * @param response resumed with the JSON answer and its {@code Set-Cookie} headers
   */
  @POST
  public void logout(
      @Context HttpHeaders headers,
      @Context UriInfo uri,
      @Context SecurityContext security,
      @QueryParam("scope") String scope,
      String body,
      @Suspended AsyncResponse response) {
    runtime
        .service()
        .endpoint()
        .handle(new ResourceExchange(runtime, HttpMethod.POST, headers, uri, security, scope, body))
        .thenApply(LogoutResource::toResponse)
        // The logout never fails; should building the answer ever throw, the caller still gets
        // the runtime's 500 rather than a request left suspended.
        .whenComplete((answer, failure) -> response.resume(failure != null ? failure : answer));
  }

  /**
   * A GET on the logout path, which never logs out. Under {@code get-logout=confirm} a browser gets
   * the page that asks, whose button POSTs back here (JAX-RS answers {@code HEAD} with it too,
   * without the body); a JSON caller, and every caller under {@code get-logout=refuse}, gets the
   * {@code 405} that JAX-RS gives a resource without GET.
   *
   * @param headers the request's headers
   * @param uri the request's URI
   * @param security whether the request came over TLS
   * @param scope the scope the page's POST will ask for, for its wording
   * @return the page, or 405 with {@code Allow}
   */
  @GET
  public Response confirm(
      @Context HttpHeaders headers,
      @Context UriInfo uri,
      @Context SecurityContext security,
      @QueryParam("scope") String scope) {
    if (!runtime.service().config().confirmsGet()) {
      return methodNotAllowed();
    }
    ResponseMode mode =
        ResponseMode.of(
            headers.getHeaderString(HttpHeaders.ACCEPT),
            headers.getHeaderString("X-Requested-With"));
    return runtime
        .service()
        .endpoint()
        .confirmation(
            new ResourceExchange(
                runtime, HttpMethod.GET, headers, uri, security, scope, null, mode))
        .map(LogoutResource::toResponse)
        .orElseGet(LogoutResource::methodNotAllowed);
  }

  /** What JAX-RS answers a method the resource does not serve, as before it served GET. */
  private static Response methodNotAllowed() {
    return Response.status(Response.Status.METHOD_NOT_ALLOWED)
        .allow(HttpMethod.OPTIONS, HttpMethod.POST)
        .build();
  }

  /**
   * A CORS preflight: answered with {@code Access-Control-Allow-*} only for an {@code
   * allowed-origins} origin; any other origin gets no CORS header and its browser stops there.
   *
   * @param headers the request's headers
   * @param uri the request's URI
   * @param security whether the request came over TLS
   * @return 204 with the CORS headers, or 403
   */
  @OPTIONS
  public Response preflight(
      @Context HttpHeaders headers, @Context UriInfo uri, @Context SecurityContext security) {
    return runtime
        .service()
        .endpoint()
        .refusal(
            new ResourceExchange(runtime, HttpMethod.OPTIONS, headers, uri, security, null, null))
        .map(LogoutResource::toResponse)
        // OPTIONS is never a logout method; should the guard say otherwise, stay on the safe side.
        .orElseGet(() -> Response.status(405).build());
  }

  /**
   * The signed-in user's MoonKey sessions ({@code sessions-api}): JSON, the request's own marked
   * {@code "current": true}; 404 when {@code sessions-api} is off.
   *
   * @param response resumed with the answer, within {@code timeout}
   */
  @GET
  @Path("sessions")
  public void sessions(
      @Context HttpHeaders headers,
      @Context UriInfo uri,
      @Context SecurityContext security,
      @Suspended AsyncResponse response) {
    if (!runtime.service().config().sessionsApi()) {
      response.resume(Response.status(404).header("Cache-Control", "no-store").build());
      return;
    }
    runtime
        .service()
        .sessions()
        .list(new ResourceExchange(runtime, HttpMethod.GET, headers, uri, security, null, null))
        .thenApply(LogoutResource::toResponse)
        .whenComplete((answer, failure) -> response.resume(failure != null ? failure : answer));
  }

  /**
   * Ends one of the signed-in user's other MoonKey sessions ({@code sessions-api}): {@code
   * session_id} in a form or a JSON object body; 404 when {@code sessions-api} is off.
   *
   * @param body the form or JSON body
   * @param response resumed with the answer, within {@code timeout}
   */
  @POST
  @Path("sessions/end")
  public void endSession(
      @Context HttpHeaders headers,
      @Context UriInfo uri,
      @Context SecurityContext security,
      String body,
      @Suspended AsyncResponse response) {
    if (!runtime.service().config().sessionsApi()) {
      response.resume(Response.status(404).header("Cache-Control", "no-store").build());
      return;
    }
    String path = uri.getAbsolutePath().getRawPath();
    String logoutPath =
        path.endsWith(SessionsEndpoint.END_PATH)
            ? path.substring(0, path.length() - SessionsEndpoint.END_PATH.length())
            : path;
    runtime
        .service()
        .sessions()
        .end(
            new ResourceExchange(runtime, HttpMethod.POST, headers, uri, security, null, body),
            logoutPath)
        .thenApply(LogoutResource::toResponse)
        .whenComplete((answer, failure) -> response.resume(failure != null ? failure : answer));
  }

  /** A CORS preflight of the list: as {@link #preflight}, for {@code GET}. */
  @OPTIONS
  @Path("sessions")
  public Response sessionsPreflight(
      @Context HttpHeaders headers, @Context UriInfo uri, @Context SecurityContext security) {
    return sessionsPreflight(headers, uri, security, false);
  }

  /** A CORS preflight of the end: as {@link #preflight}, for {@code POST}. */
  @OPTIONS
  @Path("sessions/end")
  public Response endSessionPreflight(
      @Context HttpHeaders headers, @Context UriInfo uri, @Context SecurityContext security) {
    return sessionsPreflight(headers, uri, security, true);
  }

  private Response sessionsPreflight(
      HttpHeaders headers, UriInfo uri, SecurityContext security, boolean end) {
    if (!runtime.service().config().sessionsApi()) {
      return Response.status(404).build();
    }
    return runtime
        .service()
        .sessions()
        .refusal(
            new ResourceExchange(runtime, HttpMethod.OPTIONS, headers, uri, security, null, null),
            end)
        .map(LogoutResource::toResponse)
        .orElseGet(() -> Response.status(405).build());
  }

  /**
   * The responder's answer as a JAX-RS response: the filter's exact headers, the cookie deletions
   * as raw {@code Set-Cookie} values ({@code NewCookie} cannot say {@code Partitioned}).
   */
  private static Response toResponse(LogoutResponder.Answer answer) {
    Response.ResponseBuilder response = Response.status(answer.status());
    answer.headers().forEach(h -> response.header(h.getKey(), h.getValue()));
    if (answer.body() != null) {
      response.type(answer.contentType()).entity(answer.body());
    }
    return response.build();
  }
}
