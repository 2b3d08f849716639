package com.example.admin;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** Scanned: the server registers every resource and provider of the WAR, the library's too. */
@ApplicationPath("/api")
public class AdminApi extends Application {}
