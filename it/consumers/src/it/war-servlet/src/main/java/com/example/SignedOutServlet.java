package com.example;

import fun.moonkey.servlet.LogoutFilter;
import jakarta.servlet.Filter;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** The page the README's redirect names; it also checks that the filter is a Jakarta filter. */
@WebServlet("/signed-out")
public class SignedOutServlet extends HttpServlet {
  static final Class<? extends Filter> FILTER = LogoutFilter.class;

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    response.setContentType("text/plain");
    response.getWriter().println("Signed out");
  }
}
