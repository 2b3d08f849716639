package com.example.api;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.security.Principal;

/**
 * The application's own sign-in, as an application that does not use the container's realm has one:
 * a request whose {@code HttpSession} holds a signed-in user is seen by everything behind this
 * filter (JAX-RS's {@code SecurityContext} included) as that user, in the role the sign-in gave
 * them. MoonKey's {@code SessionAdminResource} asks the {@code SecurityContext}.
 */
public class TeamSignIn implements Filter {

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    HttpServletRequest http = (HttpServletRequest) request;
    HttpSession session = http.getSession(false);
    Object user = session == null ? null : session.getAttribute("user");
    if (user == null) {
      chain.doFilter(request, response);
      return;
    }
    Object role = session.getAttribute("role");
    Principal principal = user::toString;
    chain.doFilter(
        new HttpServletRequestWrapper(http) {
          @Override
          public Principal getUserPrincipal() {
            return principal;
          }

          @Override
          public String getRemoteUser() {
            return principal.getName();
          }

          @Override
          public boolean isUserInRole(String name) {
            return name != null && name.equals(role);
          }
        },
        response);
  }
}
