package fun.moonkey.test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fun.moonkey.emulator.EmulatedSession;
import fun.moonkey.emulator.MoonKeyEmulator;
import fun.moonkey.emulator.RecordedRequest;
import fun.moonkey.emulator.Reply;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A MoonKey emulator for an application's own tests: started on a free loopback port before the
 * tests, with the system properties {@code moonkey.api-url} and {@code moonkey.secret-key} pointing
 * the code under test at it (an embedded Tomcat or Jetty in the same JVM reads them like any
 * MoonKey setting), and stopped after, the properties restored.
 *
 * <pre>{@code
 * @RegisterExtension static MoonKeyExtension moonKey = MoonKeyExtension.create();
 *
 * @Test void logoutRevokes() {
 *   EmulatedSession session = moonKey.createSession("a@example.com");
 *   // ... sign in with session.token(), then POST /logout ...
 *   moonKey.assertRevoked(session);
 * }
 * }</pre>
 *
 * <p>Registered on a {@code static} field, one emulator serves the whole class and is reset
 * (recorded requests, scripted answers) after each test; on an instance field, each test has its
 * own. Test methods may also take a {@link MoonKeyEmulator} or a {@code MoonKeyExtension}
 * parameter.
 */
public final class MoonKeyExtension
    implements BeforeAllCallback,
        BeforeEachCallback,
        AfterEachCallback,
        AfterAllCallback,
        ParameterResolver {

  /** The path MoonKey revokes sessions at. */
  public static final String DELETE_PATH = "/v1/auth/sessions/delete";

  private static final String API_URL = "moonkey.api-url";
  private static final String SECRET_KEY = "moonkey.secret-key";

  private MoonKeyEmulator emulator;
  private boolean perClass;
  private String previousUrl;
  private String previousKey;

  private MoonKeyExtension() {}

  /** An extension; register it with {@code @RegisterExtension}. */
  public static MoonKeyExtension create() {
    return new MoonKeyExtension();
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    perClass = true;
    start();
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    if (emulator == null) {
      start();
    }
  }

  @Override
  public void afterEach(ExtensionContext context) {
    if (perClass) {
      emulator.reset();
    } else {
      stop();
    }
  }

  @Override
  public void afterAll(ExtensionContext context) {
    stop();
  }

  private void start() {
    emulator = MoonKeyEmulator.start();
    previousUrl = System.setProperty(API_URL, emulator.baseUri().toString());
    previousKey = System.setProperty(SECRET_KEY, emulator.secretKey());
  }

  private void stop() {
    if (emulator == null) {
      return;
    }
    emulator.close();
    emulator = null;
    restore(API_URL, previousUrl);
    restore(SECRET_KEY, previousKey);
  }

  private static void restore(String name, String previous) {
    if (previous == null) {
      System.clearProperty(name);
    } else {
      System.setProperty(name, previous);
    }
  }

  /**
   * @return the running emulator, for anything this class does not wrap
   * @throws IllegalStateException outside a test
   */
  public MoonKeyEmulator emulator() {
    if (emulator == null) {
      throw new IllegalStateException("MoonKeyExtension runs only during a test");
    }
    return emulator;
  }

  /** A new active session of a user with this email, as MoonKey's sign-in would make it. */
  public EmulatedSession createSession(String email) {
    Objects.requireNonNull(email, "email");
    return emulator().createSession("user_" + Integer.toHexString(email.hashCode()), email);
  }

  /**
   * The next calls to MoonKey get these answers, in order, then the normal ones: {@code
   * Reply.status(503)}, {@code Reply.hang()}, {@code Reply.status(429).withHeader("Retry-After",
   * "2")}.
   */
  public void answerNext(Reply... replies) {
    emulator().enqueue(replies);
  }

  /** Every call to MoonKey gets this answer until the test ends: a MoonKey outage, say. */
  public void answerAlways(Reply reply) {
    emulator().setDefaultReply(reply);
  }

  /** The revocations MoonKey received so far ({@code DELETE /v1/auth/sessions/delete}). */
  public List<RecordedRequest> revocations() {
    return emulator().requests(DELETE_PATH);
  }

  /**
   * Waits up to 5 seconds until MoonKey has received a revocation naming {@code session} (by id,
   * token or JWT) and no longer holds it active.
   *
   * @throws AssertionError naming what MoonKey received instead
   */
  public void assertRevoked(EmulatedSession session) {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (!revokedAtMoonKey(session) && System.nanoTime() < deadline) {
      LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
    }
    assertTrue(
        revokedAtMoonKey(session),
        "MoonKey received no revocation of " + session.id() + "; it received " + revocations());
    assertFalse(emulator().isActive(session.id()), session.id() + " is still active");
  }

  /**
   * MoonKey still holds {@code session} active: nothing revoked it, whatever was tried (during a
   * scripted outage the library's attempts arrive and are refused).
   */
  public void assertActive(EmulatedSession session) {
    assertTrue(emulator().isActive(session.id()), session.id() + " is no longer active");
  }

  /** The revocations MoonKey received that name {@code session}, refused ones included. */
  public List<RecordedRequest> revocationsOf(EmulatedSession session) {
    return revocations().stream().filter(r -> names(r, session)).toList();
  }

  private boolean revokedAtMoonKey(EmulatedSession session) {
    return !revocationsOf(session).isEmpty() && !emulator().isActive(session.id());
  }

  private static boolean names(RecordedRequest request, EmulatedSession session) {
    String body = request.body();
    return body.contains(session.id())
        || body.contains(session.token())
        || body.contains(session.jwt());
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == MoonKeyEmulator.class || type == MoonKeyExtension.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == MoonKeyEmulator.class ? emulator() : this;
  }

  @Override
  public String toString() {
    return "MoonKeyExtension[" + (emulator == null ? "stopped" : emulator.baseUri()) + "]";
  }
}
