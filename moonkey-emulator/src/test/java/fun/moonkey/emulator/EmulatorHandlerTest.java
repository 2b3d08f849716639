package fun.moonkey.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The handler makes a request visible only with its effect: a listener on the journal, called on
 * the handler's thread just before the request is recorded, reads the emulator's state then or
 * starts a reader there. With the request recorded before it is acted on, or the effect visible
 * before its record, these tests fail every time.
 */
class EmulatorHandlerTest {

  private static final String KEY = "sk_test_handler";

  private final SessionStore sessions = new SessionStore(new SessionIds(), Clock.systemUTC());
  private final ReplyScript script = new ReplyScript();
  private final List<String> seenAtRecord = new CopyOnWriteArrayList<>();
  private final CountDownLatch closing = new CountDownLatch(1);
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private final HttpClient client =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private volatile Function<RecordedRequest, String> observe = request -> "";
  private HttpServer server;

  private final RequestJournal journal =
      new RequestJournal(request -> seenAtRecord.add(observe.apply(request)));

  @BeforeEach
  void start() throws Exception {
    EmulatorHandler handler =
        new EmulatorHandler(
            journal,
            sessions,
            script,
            new MoonKeyApi(KEY, sessions),
            new DevSessionEndpoint(sessions),
            new ReplySender(closing),
            null);
    server =
        HttpServer.create(
            new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), 0), 0);
    server.createContext("/", handler);
    server.setExecutor(threads);
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
    closing.countDown();
    threads.shutdownNow();
  }

  private HttpResponse<String> send(String method, String path, String json) throws Exception {
    URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri)
            .header("Authorization", "Bearer " + KEY)
            .header("Content-Type", "application/json")
            .method(method, BodyPublishers.ofString(json));
    return client.send(request.build(), BodyHandlers.ofString());
  }

  @Test
  void aDeleteIsRecordedOnlyOnceItsSessionIsRevoked() throws Exception {
    String id = sessions.create("user_1", "a@example.com").session().id();
    observe = request -> "active " + sessions.isActive(id);

    HttpResponse<String> deleted =
        send("DELETE", MoonKeyApi.DELETE_PATH, "{\"session_id\":\"" + id + "\"}");

    assertEquals(200, deleted.statusCode(), deleted.body());
    assertEquals(List.of("active false"), seenAtRecord);
  }

  @Test
  void whoeverSeesTheSessionRevokedAlsoSeesTheDeleteInTheJournal() throws Exception {
    String id = sessions.create("user_1", "a@example.com").session().id();
    AtomicReference<String> view = new AtomicReference<>();
    List<Thread> readers = new CopyOnWriteArrayList<>();
    // Between the revocation and its record, another thread reads the state, then the journal.
    observe =
        request -> {
          Thread reader =
              new Thread(
                  () ->
                      view.set(
                          "active "
                              + sessions.isActive(id)
                              + ", recorded "
                              + journal.count(MoonKeyApi.DELETE_PATH)));
          reader.start();
          Threads.awaitBlockedOrEnded(reader);
          readers.add(reader);
          return "";
        };

    send("DELETE", MoonKeyApi.DELETE_PATH, "{\"session_id\":\"" + id + "\"}");

    readers.get(0).join(Duration.ofSeconds(30).toMillis());
    assertEquals("active false, recorded 1", view.get());
  }

  @Test
  void aSignInIsRecordedOnlyOnceItsSessionExists() throws Exception {
    observe = request -> sessions.all().size() + " sessions";

    HttpResponse<String> created =
        send("POST", DevSessionEndpoint.SESSIONS_PATH, "{\"email\":\"a@example.com\"}");

    assertEquals(200, created.statusCode(), created.body());
    assertEquals(List.of("1 sessions"), seenAtRecord);
  }

  @Test
  void aScriptedReplyIsTakenBeforeItsRequestIsRecorded() throws Exception {
    script.enqueue(Reply.status(503));
    // Taking from the script here would steal the 503 from a request not yet acted on.
    observe = request -> "queued " + script.next().isPresent();

    HttpResponse<String> answer = send("DELETE", MoonKeyApi.DELETE_PATH, "{\"session_id\":\"x\"}");

    assertEquals(503, answer.statusCode());
    assertEquals(List.of("queued false"), seenAtRecord);
  }

  @Test
  void theRequestsPageListsWhatCameBeforeItAndIsListedByTheNextOne() throws Exception {
    send("DELETE", MoonKeyApi.DELETE_PATH, "{\"session_id\":\"x\"}");

    String first = send("GET", EmulatorHandler.REQUESTS_PATH, "").body();
    String second = send("GET", EmulatorHandler.REQUESTS_PATH, "").body();

    assertEquals(1, first.split("\"method\"").length - 1, first);
    assertEquals(2, second.split("\"method\"").length - 1, second);
    assertEquals(true, second.contains("\"path\":\"" + EmulatorHandler.REQUESTS_PATH + "\""));
  }
}
