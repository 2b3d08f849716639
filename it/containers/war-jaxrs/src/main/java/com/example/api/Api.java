package com.example.api;

import fun.moonkey.jaxrs.LogoutResource;
import fun.moonkey.jaxrs.MoonKeyLogoutFeature;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import java.util.Set;

/**
 * A user's JAX-RS application: its own resource, and MoonKey's logout at {@code /api/logout}, the
 * feature and the resource listed as the README shows (RESTEasy lets no feature add a resource).
 */
@ApplicationPath("/api")
public class Api extends Application {

  @Override
  public Set<Class<?>> getClasses() {
    return Set.of(MoonKeyLogoutFeature.class, LogoutResource.class, AccountResource.class);
  }
}
