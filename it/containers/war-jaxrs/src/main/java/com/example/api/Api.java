package com.example.api;

import fun.moonkey.jaxrs.LogoutResource;
import fun.moonkey.jaxrs.MoonKeyLogoutFeature;
import fun.moonkey.jaxrs.SessionAdminResource;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import java.util.Set;

/**
 * A user's JAX-RS application: its own resource, and MoonKey's logout at {@code /api/logout}, the
 * feature and the resource listed as the README shows (RESTEasy lets no feature add a resource);
 * and MoonKey's session administration at {@code /api/moonkey-admin}, for the role {@code support}
 * (web.xml's {@code moonkey.admin-role}; the role comes from {@link TeamSignIn}).
 */
@ApplicationPath("/api")
public class Api extends Application {

  @Override
  public Set<Class<?>> getClasses() {
    return Set.of(
        MoonKeyLogoutFeature.class,
        LogoutResource.class,
        SessionAdminResource.class,
        AccountResource.class);
  }
}
