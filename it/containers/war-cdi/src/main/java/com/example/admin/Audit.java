package com.example.admin;

import fun.moonkey.event.AfterLogout;
import fun.moonkey.event.BeforeLogout;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Hears the library's logout events as CDI events. */
@ApplicationScoped
public class Audit {

  private final List<String> events = new CopyOnWriteArrayList<>();

  void before(@Observes BeforeLogout event) {
    events.add("before");
  }

  void after(@Observes AfterLogout event) {
    events.add("after " + event.trigger() + " " + event.outcome());
  }

  @Override
  public String toString() {
    return String.join(", ", events);
  }
}
