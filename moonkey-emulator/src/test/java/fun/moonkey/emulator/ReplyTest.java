package fun.moonkey.emulator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReplyTest {

  @Test
  void factoriesSetKindStatusBodyAndContentType() {
    Reply json = Reply.json(422, "{\"a\":\"é\"}");
    Reply text = Reply.text(500, "oops");
    Reply status = Reply.status(204);

    assertEquals(Reply.Kind.FIXED, json.kind());
    assertEquals(422, json.statusCode());
    assertArrayEquals("{\"a\":\"é\"}".getBytes(StandardCharsets.UTF_8), json.body());
    assertEquals(List.of(new Reply.Header("Content-Type", "application/json")), json.headers());
    assertEquals(
        List.of(new Reply.Header("Content-Type", "text/plain; charset=utf-8")), text.headers());
    assertEquals(0, status.body().length);
    assertEquals(List.of(), status.headers());
    assertEquals(Duration.ZERO, status.delay());
  }

  @Test
  void faultFactoriesSetTheirKind() {
    assertEquals(Reply.Kind.HANG, Reply.hang().kind());
    assertEquals(Reply.Kind.RESET, Reply.reset().kind());
    Reply trickle = Reply.trickle(200, "abc", Duration.ofMillis(5));
    assertEquals(Reply.Kind.TRICKLE, trickle.kind());
    assertEquals(Duration.ofMillis(5), trickle.perByte());
    Reply large = Reply.largeBody(200, 10_000_000);
    assertEquals(Reply.Kind.LARGE, large.kind());
    assertEquals(10_000_000, large.size());
  }

  @Test
  void withersReturnNewInstancesAndLeaveTheOriginal() {
    Reply original = Reply.status(503);

    Reply delayed = original.withDelay(Duration.ofSeconds(2));
    Reply withHeader = delayed.withHeader("Retry-After", "1");

    assertEquals(Duration.ZERO, original.delay());
    assertEquals(List.of(), original.headers());
    assertEquals(List.of(), delayed.headers());
    assertEquals(Duration.ofSeconds(2), withHeader.delay());
    assertEquals(List.of(new Reply.Header("Retry-After", "1")), withHeader.headers());
  }

  @Test
  void withHeaderReplacesTheSameNameIgnoringCase() {
    Reply reply =
        Reply.json(200, "{}")
            .withHeader("X-A", "1")
            .withHeader("content-type", "application/problem+json")
            .withHeader("x-a", "2");

    assertEquals(
        List.of(
            new Reply.Header("content-type", "application/problem+json"),
            new Reply.Header("x-a", "2")),
        reply.headers());
  }

  @Test
  void withHeaderRejectsWhatCannotBeSent() {
    Reply reply = Reply.status(200);

    assertEquals(
        "Content-Length is set by the emulator",
        assertThrows(IllegalArgumentException.class, () -> reply.withHeader("Content-Length", "1"))
            .getMessage());
    assertEquals(
        "Not a valid header name: 'X A'",
        assertThrows(IllegalArgumentException.class, () -> reply.withHeader("X A", "1"))
            .getMessage());
    assertEquals(
        "Header X-A: value must not contain CR or LF",
        assertThrows(IllegalArgumentException.class, () -> reply.withHeader("X-A", "1\r\nX-B: 2"))
            .getMessage());
    assertEquals(
        "Reply.hang() sends no headers",
        assertThrows(IllegalStateException.class, () -> Reply.hang().withHeader("X-A", "1"))
            .getMessage());
    assertEquals(
        "Reply.reset() sends no headers",
        assertThrows(IllegalStateException.class, () -> Reply.reset().withHeader("X-A", "1"))
            .getMessage());
  }

  @Test
  void factoriesRejectBadArguments() {
    assertEquals(
        "status must be in 200 to 599, got 199",
        assertThrows(IllegalArgumentException.class, () -> Reply.status(199)).getMessage());
    assertEquals(
        "status must be in 200 to 599, got 600",
        assertThrows(IllegalArgumentException.class, () -> Reply.json(600, "{}")).getMessage());
    assertEquals(
        "status 204 cannot carry a body",
        assertThrows(IllegalArgumentException.class, () -> Reply.text(204, "x")).getMessage());
    assertEquals(
        "status 304 cannot carry a body",
        assertThrows(IllegalArgumentException.class, () -> Reply.largeBody(304, 1)).getMessage());
    assertEquals(
        "bytes must not be negative, got -1",
        assertThrows(IllegalArgumentException.class, () -> Reply.largeBody(200, -1)).getMessage());
    assertEquals(
        "perByte must not be negative, got PT-0.001S",
        assertThrows(
                IllegalArgumentException.class,
                () -> Reply.trickle(200, "x", Duration.ofMillis(-1)))
            .getMessage());
    assertEquals(
        "delay must not be negative, got PT-1S",
        assertThrows(
                IllegalArgumentException.class,
                () -> Reply.status(200).withDelay(Duration.ofSeconds(-1)))
            .getMessage());
    assertThrows(NullPointerException.class, () -> Reply.json(200, null));
  }

  @Test
  void toStringNamesKindStatusSizeAndDelay() {
    assertEquals("Reply[fixed 200, 2 bytes]", Reply.json(200, "{}").toString());
    assertEquals("Reply[hang]", Reply.hang().toString());
    assertEquals(
        "Reply[large 200, 5 bytes, delay PT1S]",
        Reply.largeBody(200, 5).withDelay(Duration.ofSeconds(1)).toString());
  }
}
