package com.example.admin;

import fun.moonkey.answer.LogoutResult;
import fun.moonkey.logout.LogoutService;
import fun.moonkey.servlet.ServletLogoutRequest;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;

/**
 * A user's own resource with the library's {@link LogoutService} injected by CDI: it keeps the
 * MoonKey token in the {@code HttpSession}, and signs out through the service's logout flow.
 */
@Path("admin")
@RequestScoped
@Produces(MediaType.TEXT_PLAIN)
public class SignOutResource {

  @Inject LogoutService service;
  @Inject Audit audit;
  @Context HttpServletRequest request;

  @POST
  @Path("signin")
  public String signIn(@FormParam("token") String token) {
    request.getSession(true).setAttribute("moonkey.session_token", token);
    return "signed in";
  }

  @POST
  @Path("signout")
  public String signOut() {
    LogoutResult result =
        service
            .logout(new ServletLogoutRequest(request, request.isSecure()))
            .toCompletableFuture()
            .join();
    return result.status().name();
  }

  @GET
  @Path("audit")
  public String audit() {
    return audit.toString();
  }
}
