package com.example;

import fun.moonkey.servlet.LogoutFilter;
import javax.servlet.Filter;
import javax.servlet.annotation.WebServlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import java.io.IOException;

/** The page the README's redirect names; it also checks that the filter is a javax filter. */
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
