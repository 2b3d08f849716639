package fun.moonkey.sample;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.Optional;

/**
 * {@code POST /api/session} with {@code {"session_token": "…"}}: the sample's sign-in, as a real
 * MoonKey app does it once the browser has obtained a session token from MoonKey.
 *
 * <p>Verifies the token with MoonKey ({@code POST /v1/auth/sessions/verify}); when valid, starts a
 * fresh {@code HttpSession} (an existing one is invalidated, against session fixation), stores the
 * token and the session id under the library's default attribute names, and sets an {@code
 * HttpOnly}, {@code SameSite=Lax} cookie {@code session_token} with the context path as its Path.
 *
 * <table>
 *   <caption>Answers</caption>
 *   <tr><td>200</td><td>{@code {"id": …, "email": …}}: signed in</td></tr>
 *   <tr><td>400</td><td>{@code {"error": "Expected {\"session_token\": \"...\"}"}}</td></tr>
 *   <tr><td>401</td><td>{@code {"error": "Invalid session token"}}: MoonKey refused it</td></tr>
 *   <tr><td>503</td><td>{@code {"error": "MoonKey unavailable"}}: MoonKey could not be asked</td></tr>
 * </table>
 */
@Path("session")
public final class SessionResource {

  /** The cookie that carries the session token: the library's default {@code token-cookie}. */
  public static final String TOKEN_COOKIE = "session_token";

  static final int MAX_TOKEN_LENGTH = 4096;

  private static final Logger LOG = System.getLogger(SessionResource.class.getName());

  @Context private HttpServletRequest request;
  @Context private HttpServletResponse response;
  @Context private ServletContext servletContext;

  /** Created by the JAX-RS runtime per request. */
  public SessionResource() {}

  /**
   * Signs the user in.
   *
   * @param body the JSON request body
   * @return the answer (see the class documentation)
   */
  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Produces(MediaType.APPLICATION_JSON)
  public Response signIn(String body) {
    JsonNode json = JsonBody.readObject(body);
    String token = json == null ? null : json.path(TOKEN_COOKIE).textValue();
    if (!isPlausibleToken(token)) {
      return error(400, "Expected {\"session_token\": \"...\"}");
    }
    Optional<VerifiedSession> verified;
    try {
      verified = SampleLifecycle.verifier(servletContext).verify(token);
    } catch (VerificationUnavailableException e) {
      LOG.log(Level.WARNING, "Sign-in refused: {0}", e.getMessage());
      return error(503, "MoonKey unavailable");
    }
    if (verified.isEmpty()) {
      return error(401, "Invalid session token");
    }
    SignedInUser user = verified.get().user();
    user.store(freshSession(), verified.get(), token);
    response.addCookie(tokenCookie(token));
    LOG.log(Level.DEBUG, "Signed in user {0}", user.id());
    return Response.ok(JsonBody.object("id", user.id(), "email", user.email()))
        .header("Cache-Control", "no-store")
        .build();
  }

  private HttpSession freshSession() {
    HttpSession existing = request.getSession(false);
    if (existing != null) {
      try {
        existing.invalidate();
      } catch (IllegalStateException alreadyInvalidated) {
        // nothing to end
      }
    }
    return request.getSession(true);
  }

  /**
   * Set through the servlet response rather than JAX-RS {@code NewCookie}, so that the container
   * formats it (Jersey's own format adds {@code Version=1}), the same on Tomcat and Payara.
   */
  private Cookie tokenCookie(String token) {
    Cookie cookie = new Cookie(TOKEN_COOKIE, token);
    cookie.setPath(request.getContextPath().isEmpty() ? "/" : request.getContextPath());
    cookie.setHttpOnly(true);
    cookie.setSecure(request.isSecure());
    cookie.setAttribute("SameSite", "Lax");
    return cookie;
  }

  /** Opaque, so only bounded length and printable ASCII without spaces, as cookies allow. */
  static boolean isPlausibleToken(String token) {
    if (token == null || token.isEmpty() || token.length() > MAX_TOKEN_LENGTH) {
      return false;
    }
    return token.chars().allMatch(c -> c > 0x20 && c < 0x7f && c != ';' && c != ',' && c != '"');
  }

  static Response error(int status, String message) {
    return Response.status(status)
        .type(MediaType.APPLICATION_JSON_TYPE)
        .header("Cache-Control", "no-store")
        .entity(JsonBody.object("error", message))
        .build();
  }
}
