package com.example;

import fun.moonkey.jaxrs.LogoutResource;
import fun.moonkey.jaxrs.MoonKeyLogoutFeature;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Application;
import java.util.Set;

/** The README's JAX-RS application, with an application resource of its own. */
@ApplicationPath("/api")
public class Api extends Application {
  @Override
  public Set<Class<?>> getClasses() {
    return Set.of(MoonKeyLogoutFeature.class, LogoutResource.class, AccountResource.class);
  }

  /** The application's own resource. */
  @Path("account")
  public static class AccountResource {
    @GET
    public String name() {
      return "account";
    }
  }
}
