package fun.moonkey.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogoutEventsTest {

  /** Found by {@link java.util.ServiceLoader} in {@link #discoverFindsListenersOfTheLoader}. */
  public static final class Discovered implements LogoutListener {
    static final List<AfterLogout> HEARD = new CopyOnWriteArrayList<>();

    @Override
    public void afterLogout(AfterLogout event) {
      HEARD.add(event);
    }
  }

  private static final AfterLogout AFTER =
      new AfterLogout(Trigger.USER, LogoutOutcome.REVOKED, List.of("session_id#0a1b2c3d"));

  @Test
  void aListenerThatThrowsDoesNotKeepTheOthersFromHearing() {
    LogoutEvents events = LogoutEvents.none();
    List<String> heard = new CopyOnWriteArrayList<>();
    events.register(
        new LogoutListener() {
          @Override
          public void beforeLogout(BeforeLogout event) {
            throw new IllegalStateException("listener bug");
          }

          @Override
          public void afterLogout(AfterLogout event) {
            throw new LinkageError("listener bug");
          }
        });
    events.register(
        new LogoutListener() {
          @Override
          public void beforeLogout(BeforeLogout event) {
            heard.add("before " + event.sessionAttribute("user").orElse("?"));
          }

          @Override
          public void afterLogout(AfterLogout event) {
            heard.add("after " + event.outcome());
          }
        });

    events.before(new BeforeLogout(Trigger.USER, List.of(), n -> Optional.of("alice")));
    events.after(AFTER);

    assertEquals(List.of("before alice", "after REVOKED"), heard);
  }

  @Test
  void closingTheRegistrationRemovesTheListener() throws Exception {
    LogoutEvents events = LogoutEvents.none();
    List<AfterLogout> heard = new CopyOnWriteArrayList<>();
    AutoCloseable registration = events.register(new Recording(heard));
    events.after(AFTER);
    registration.close();
    events.after(AFTER);

    assertEquals(List.of(AFTER), heard);
    assertTrue(events.isEmpty());
  }

  @Test
  void beforeLogoutReadsNothingFromAnInvalidatedSession() {
    BeforeLogout event =
        new BeforeLogout(
            Trigger.SESSION_EXPIRED,
            List.of(),
            n -> {
              throw new IllegalStateException("invalidated");
            });
    assertEquals(Optional.empty(), event.sessionAttribute("user"));
  }

  @Test
  void discoverFindsListenersOfTheLoader(@TempDir Path dir) throws Exception {
    Path services = Files.createDirectories(dir.resolve("META-INF/services"));
    Files.writeString(
        services.resolve(LogoutListener.class.getName()),
        Discovered.class.getName() + "\n",
        StandardCharsets.UTF_8);
    Discovered.HEARD.clear();
    try (URLClassLoader loader =
        new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader())) {
      LogoutEvents events = LogoutEvents.discover(loader);
      events.after(AFTER);
    }
    assertEquals(List.of(AFTER), Discovered.HEARD);
    assertTrue(LogoutEvents.discover(getClass().getClassLoader()).isEmpty());
  }

  private record Recording(List<AfterLogout> heard) implements LogoutListener {
    @Override
    public void afterLogout(AfterLogout event) {
      heard.add(event);
    }
  }
}
