package fun.moonkey.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ReplyScriptTest {

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
  void queuedRepliesAnswerInOrderThenTheStatefulApi() throws Exception {
    EmulatedSession session = emulator.createSession("user_1", "ada@example.com");
    String body = "{\"session_id\":\"" + session.id() + "\"}";
    emulator.enqueue(
        Reply.json(503, "{\"error_message\":\"down\"}").withHeader("Retry-After", "2"),
        Reply.text(500, "oops"));

    HttpResponse<String> first = wire.delete(body);
    HttpResponse<String> second = wire.delete(body);
    assertTrue(emulator.isActive(session.id()));
    HttpResponse<String> third = wire.delete(body);

    assertEquals(503, first.statusCode());
    assertEquals("{\"error_message\":\"down\"}", first.body());
    assertEquals("2", first.headers().firstValue("Retry-After").orElseThrow());
    assertEquals("application/json", first.headers().firstValue("Content-Type").orElseThrow());
    assertEquals(500, second.statusCode());
    assertEquals("oops", second.body());
    assertEquals(
        "text/plain; charset=utf-8", second.headers().firstValue("Content-Type").orElseThrow());
    assertEquals(200, third.statusCode());
    assertEquals("{\"message\":\"Successfully deleted session\"}", third.body());
    assertFalse(emulator.isActive(session.id()));
  }

  @Test
  void queuedReplyAppliesBeforeTheSecretKeyCheck() throws Exception {
    emulator.enqueue(Reply.status(204));

    HttpResponse<String> response =
        wire.send(HttpRequest.newBuilder(wire.uri("/v1/anything")).DELETE());

    assertEquals(204, response.statusCode());
    assertEquals("", response.body());
  }

  @Test
  void defaultReplyAnswersWhenTheQueueIsEmptyUntilCleared() throws Exception {
    EmulatedSession session = emulator.createSession("user_1", "ada@example.com");
    String body = "{\"session_id\":\"" + session.id() + "\"}";
    emulator.setDefaultReply(Reply.status(502));
    emulator.enqueue(Reply.status(429));

    assertEquals(429, wire.delete(body).statusCode());
    assertEquals(502, wire.delete(body).statusCode());
    assertEquals(502, wire.delete(body).statusCode());
    assertTrue(emulator.isActive(session.id()));

    emulator.setDefaultReply(null);
    assertEquals(200, wire.delete(body).statusCode());
  }

  @Test
  void resetDropsQueueAndDefaultButKeepsSessions() throws Exception {
    EmulatedSession session = emulator.createSession("user_1", "ada@example.com");
    emulator.enqueue(Reply.status(500), Reply.status(500));
    emulator.setDefaultReply(Reply.status(503));

    emulator.reset();

    assertEquals(200, wire.delete("{\"session_id\":\"" + session.id() + "\"}").statusCode());
    assertEquals(1, emulator.sessions().size());
  }

  @Test
  void nonApiPathsDoNotTakeQueuedReplies() throws Exception {
    emulator.enqueue(Reply.status(503));

    assertEquals(404, wire.send(HttpRequest.newBuilder(wire.uri("/health")).GET()).statusCode());
    assertEquals(503, wire.delete("{}").statusCode());
  }

  @Test
  void scriptTakesQueueThenDefault() {
    ReplyScript script = new ReplyScript();
    Reply first = Reply.status(500);
    Reply fallback = Reply.status(503);

    assertEquals(Optional.empty(), script.next());
    script.enqueue(first);
    script.setDefault(fallback);
    assertEquals(Optional.of(first), script.next());
    assertEquals(Optional.of(fallback), script.next());
    script.clear();
    assertEquals(Optional.empty(), script.next());
  }

  @Test
  void enqueueRejectsNullRepliesAndAddsNone() {
    ReplyScript script = new ReplyScript();

    NullPointerException e =
        assertThrows(NullPointerException.class, () -> script.enqueue(Reply.status(500), null));
    assertEquals("replies[1]", e.getMessage());
    assertEquals(Optional.empty(), script.next());
  }
}
