package fun.moonkey.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RequestJournalTest {

  private MoonKeyEmulator emulator;
  private Wire wire;

  @BeforeEach
  void start() {
    emulator = MoonKeyEmulator.start();
    wire = new Wire(emulator);
  }

  @AfterEach
  void stop() {
    emulator.close();
  }

  @Test
  void recordsMethodPathHeadersAndBodyAsReceived() throws Exception {
    Instant before = Instant.now();
    String body = "{\"session_token\":\"mk_sess_abc\",\"note\":\"é\"}";
    wire.send(
        wire.api("DELETE", MoonKeyApi.DELETE_PATH, body)
            .header("X-Trace", "one")
            .header("X-Trace", "two"));

    RecordedRequest request = emulator.takeRequest(Wire.TIMEOUT);

    assertEquals("DELETE", request.method());
    assertEquals("/v1/auth/sessions/delete", request.path());
    assertNull(request.rawQuery());
    assertEquals("Bearer sk_test_emulator", request.header("authorization"));
    assertEquals("Bearer sk_test_emulator", request.header("AUTHORIZATION"));
    assertEquals("application/json", request.header("Content-Type"));
    assertEquals("application/json", request.header("Accept"));
    assertEquals(List.of("one", "two"), request.headers("x-trace"));
    assertEquals(List.of("one", "two"), request.headers().get("X-TRACE"));
    assertEquals(List.of(), request.headers("X-Absent"));
    assertNull(request.header("X-Absent"));
    assertEquals(
        String.valueOf(body.getBytes(StandardCharsets.UTF_8).length),
        request.header("Content-Length"));
    assertEquals(body, request.body());
    assertEquals(Map.of("session_token", "mk_sess_abc", "note", "é"), request.jsonBody());
    assertTrue(request.remoteAddress().matches("127\\.0\\.0\\.1:\\d+"), request.remoteAddress());
    assertFalse(request.receivedAt().isBefore(before));
    assertFalse(request.receivedAt().isAfter(Instant.now()));
  }

  @Test
  void recordsTheRawQueryAndAnEmptyBody() throws Exception {
    wire.send(wire.api("GET", MoonKeyApi.LIST_PATH + "?user_id=user%201&x=", null));

    RecordedRequest request = emulator.takeRequest(Wire.TIMEOUT);

    assertEquals("GET", request.method());
    assertEquals(MoonKeyApi.LIST_PATH, request.path());
    assertEquals("user_id=user%201&x=", request.rawQuery());
    assertEquals("", request.body());
  }

  @Test
  void requestsAreListedInArrivalOrderAndByExactPath() throws Exception {
    wire.delete("{\"session_id\":\"a\"}");
    wire.send(wire.api("GET", MoonKeyApi.LIST_PATH + "?user_id=u", null));
    wire.delete("{\"session_id\":\"b\"}");
    wire.send(wire.api("DELETE", MoonKeyApi.DELETE_PATH + "/", "{}"));

    assertEquals(
        List.of("DELETE", "GET", "DELETE", "DELETE"),
        emulator.requests().stream().map(RecordedRequest::method).toList());
    assertEquals(
        List.of("{\"session_id\":\"a\"}", "{\"session_id\":\"b\"}"),
        emulator.requests(MoonKeyApi.DELETE_PATH).stream().map(RecordedRequest::body).toList());
    assertEquals(2, emulator.requestCount(MoonKeyApi.DELETE_PATH));
    assertEquals(1, emulator.requestCount(MoonKeyApi.LIST_PATH));
    assertEquals(0, emulator.requestCount(MoonKeyApi.VERIFY_PATH));
  }

  @Test
  void takeRequestTakesEachRequestOnceInOrder() throws Exception {
    wire.delete("{\"session_id\":\"a\"}");
    wire.delete("{\"session_id\":\"b\"}");

    assertEquals("{\"session_id\":\"a\"}", emulator.takeRequest(Wire.TIMEOUT).body());
    assertEquals("{\"session_id\":\"b\"}", emulator.takeRequest(Wire.TIMEOUT).body());
    assertNull(emulator.takeRequest(Duration.ofMillis(50)));
    assertNull(emulator.takeRequest(Duration.ZERO));
    assertEquals(2, emulator.requests().size());
  }

  @Test
  void takeRequestWaitsForTheNextRequest() throws Exception {
    CompletableFuture<RecordedRequest> taken = new CompletableFuture<>();
    Thread taker =
        new Thread(
            () -> {
              try {
                taken.complete(emulator.takeRequest(Duration.ofSeconds(30)));
              } catch (Throwable e) {
                taken.completeExceptionally(e);
              }
            },
            "taker");
    taker.start();
    // Sent only once the taker waits inside takeRequest, so the request is one it waited for.
    Threads.awaitWaiting(taker);
    assertFalse(taken.isDone());

    wire.delete("{\"session_id\":\"late\"}");

    assertEquals("{\"session_id\":\"late\"}", taken.get(30, TimeUnit.SECONDS).body());
  }

  @Test
  void takeRequestRejectsNegativeTimeout() {
    assertThrows(IllegalArgumentException.class, () -> emulator.takeRequest(Duration.ofMillis(-1)));
  }

  @Test
  void keepAliveRequestsShareOneConnection() throws Exception {
    for (int i = 0; i < 3; i++) {
      wire.delete("{\"session_id\":\"" + i + "\"}");
    }
    assertEquals(1, emulator.connectionCount());
    List<String> addresses =
        emulator.requests().stream().map(RecordedRequest::remoteAddress).distinct().toList();
    assertEquals(1, addresses.size());

    new Wire(emulator).delete("{\"session_id\":\"other\"}");

    assertEquals(2, emulator.connectionCount());
    assertNotEquals(addresses.get(0), emulator.requests().get(3).remoteAddress());
  }

  @Test
  void resetForgetsRequestsAndConnections() throws Exception {
    wire.delete("{\"session_id\":\"a\"}");

    emulator.reset();

    assertEquals(List.of(), emulator.requests());
    assertEquals(0, emulator.connectionCount());
    assertNull(emulator.takeRequest(Duration.ZERO));
    wire.delete("{\"session_id\":\"b\"}");
    assertEquals("{\"session_id\":\"b\"}", emulator.takeRequest(Wire.TIMEOUT).body());
    assertEquals(1, emulator.connectionCount());
  }

  @Test
  void snapshotsDoNotChangeLater() throws Exception {
    wire.delete("{}");
    List<RecordedRequest> snapshot = emulator.requests();

    wire.delete("{}");

    assertEquals(1, snapshot.size());
    assertSame(snapshot.get(0), emulator.requests().get(0));
    assertThrows(UnsupportedOperationException.class, () -> snapshot.add(snapshot.get(0)));
  }

  @Test
  void concurrentRequestsAreAllRecorded() throws Exception {
    int clients = 8;
    int each = 250;
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    try {
      List<Future<Integer>> results = new ArrayList<>();
      for (int c = 0; c < clients; c++) {
        int client = c;
        results.add(
            pool.submit(
                () -> {
                  Wire own = new Wire(emulator);
                  int ok = 0;
                  for (int i = 0; i < each; i++) {
                    HttpRequest request =
                        own.api(
                                "DELETE",
                                MoonKeyApi.DELETE_PATH,
                                "{\"session_id\":\"" + client + "-" + i + "\"}")
                            .build();
                    if (own.client().send(request, BodyHandlers.discarding()).statusCode() == 404) {
                      ok++;
                    }
                  }
                  return ok;
                }));
      }
      for (Future<Integer> result : results) {
        assertEquals(each, result.get(30, TimeUnit.SECONDS));
      }
    } finally {
      pool.shutdownNow();
    }

    assertEquals(clients * each, emulator.requestCount(MoonKeyApi.DELETE_PATH));
    assertEquals(clients, emulator.connectionCount());
    assertEquals(
        clients * each, emulator.requests().stream().map(RecordedRequest::body).distinct().count());
  }

  @Test
  void journalKeepsOrderAndTakesOnce() throws Exception {
    RequestJournal journal = new RequestJournal();
    RecordedRequest first = request("/a", "127.0.0.1:1");
    RecordedRequest second = request("/b", "127.0.0.1:1");
    RecordedRequest third = request("/a", "127.0.0.1:2");

    journal.record(first);
    journal.record(second);
    journal.record(third);

    assertEquals(List.of(first, second, third), journal.all());
    assertEquals(List.of(first, third), journal.withPath("/a"));
    assertEquals(2, journal.count("/a"));
    assertEquals(2, journal.connectionCount());
    assertSame(first, journal.take(Duration.ZERO));
    assertSame(second, journal.take(Duration.ZERO));
  }

  private static RecordedRequest request(String path, String remote) {
    return new RecordedRequest("GET", path, null, Map.of(), "", Instant.EPOCH, remote);
  }
}
