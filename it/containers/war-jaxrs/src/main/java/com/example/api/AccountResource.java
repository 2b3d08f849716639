package com.example.api;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * A user's own resource: {@code POST /api/account/signin} keeps the MoonKey session token the
 * sign-in page obtained in an HttpOnly cookie and opens the {@code HttpSession} (with the role the
 * form names, for {@link TeamSignIn}, and MoonKey's session id and user id when the form gives
 * them); {@code GET /api/account/me} says whether the session is signed in.
 */
@Path("account")
@Produces(MediaType.TEXT_PLAIN)
public class AccountResource {

  @Context private HttpServletRequest request;
  @Context private HttpServletResponse response;

  @POST
  @Path("signin")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Response signIn(
      @FormParam("token") String token,
      @FormParam("email") String email,
      @FormParam("role") String role,
      @FormParam("id") String id,
      @FormParam("user_id") String userId) {
    if (token == null || token.isBlank()) {
      return Response.status(400).entity("token required").build();
    }
    HttpSession session = request.getSession(true);
    session.setAttribute("user", email);
    // MoonKey's session id and user id, as the application's sign-in learnt them from MoonKey:
    // where the library's enforce-revocations looks for what a revocation or an administrator's
    // end of every session of the user names.
    if (id != null && !id.isBlank()) {
      session.setAttribute("moonkey.session_id", id);
    }
    if (userId != null && !userId.isBlank()) {
      session.setAttribute("moonkey.user_id", userId);
    }
    // A stand-in for the application's own directory of roles (TeamSignIn reads it).
    if (role != null && !role.isBlank()) {
      session.setAttribute("role", role);
    }
    // Through the servlet response: Jersey would replace the container's JSESSIONID header with a
    // JAX-RS cookie's Set-Cookie.
    Cookie cookie = new Cookie("session_token", token);
    cookie.setPath(request.getContextPath().isEmpty() ? "/" : request.getContextPath());
    cookie.setHttpOnly(true);
    response.addCookie(cookie);
    return Response.ok("signed in").build();
  }

  @GET
  @Path("me")
  public Response me() {
    HttpSession session = request.getSession(false);
    if (session == null || session.getAttribute("user") == null) {
      return Response.status(401).entity("anonymous").build();
    }
    return Response.ok("signed in as " + session.getAttribute("user")).build();
  }
}
