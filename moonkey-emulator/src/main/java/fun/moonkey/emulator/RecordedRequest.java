package fun.moonkey.emulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * One HTTP request as the emulator received it, recorded in full (body included) before the
 * emulator decided how to answer, so that requests answered with {@link Reply#hang()} or {@link
 * Reply#reset()} can be inspected too.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param method the request method, e.g. {@code DELETE}
 * @param path the path exactly as sent on the request line, still percent-encoded, without the
 *     query, e.g. {@code /v1/auth/sessions/delete}
 * @param rawQuery the query exactly as sent, still percent-encoded, without the {@code ?}; null if
 *     none
 * @param headers all headers: unmodifiable, its lookups ignore case, its keys spelt as the JDK's
 *     HTTP server normalises them (first letter upper case, the rest lower case, e.g. {@code
 *     Content-type})
 * @param body the body decoded as UTF-8, exactly as received; empty if the request had none
 * @param receivedAt when the emulator began to handle the request (its headers had arrived)
 * @param remoteAddress the client end of the connection that carried the request, as {@code
 *     127.0.0.1:port}; requests that share a keep-alive connection share this value
 */
public record RecordedRequest(
    String method,
    String path,
    String rawQuery,
    Map<String, List<String>> headers,
    String body,
    Instant receivedAt,
    String remoteAddress) {

  private static final int EXCERPT = 200;

  /** Copies the headers into a case-insensitive map; every part but the query is required. */
  public RecordedRequest {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(path, "path");
    headers = copyOf(headers);
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(receivedAt, "receivedAt");
    Objects.requireNonNull(remoteAddress, "remoteAddress");
  }

  private static Map<String, List<String>> copyOf(Map<String, List<String>> headers) {
    Map<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    headers.forEach(
        (name, values) -> copy.merge(name, List.copyOf(values), RecordedRequest::concat));
    return Collections.unmodifiableMap(copy);
  }

  private static List<String> concat(List<String> first, List<String> second) {
    return Stream.concat(first.stream(), second.stream()).toList();
  }

  /**
   * The first value of a header.
   *
   * @param name compared ignoring case
   * @return the value, or null if the request had no such header
   */
  public String header(String name) {
    List<String> values = headers(name);
    return values.isEmpty() ? null : values.get(0);
  }

  /**
   * Every value of a header, one per header line, in the order received.
   *
   * @param name compared ignoring case
   * @return an unmodifiable list, empty if the request had no such header
   */
  public List<String> headers(String name) {
    return headers.getOrDefault(Objects.requireNonNull(name, "name"), List.of());
  }

  /**
   * The body parsed as a JSON object, into a new mutable map of maps, lists, strings, numbers,
   * booleans and nulls, in the order of the body.
   *
   * @throws IllegalStateException if the body is empty, not valid JSON, or a JSON value other than
   *     an object; the message shows the start of the body
   */
  public Map<String, Object> jsonBody() {
    JsonNode node;
    try {
      node = Json.parse(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(
          "Body of " + this + " is not valid JSON (" + e.getOriginalMessage() + "): " + excerpt());
    }
    if (!node.isObject()) {
      throw new IllegalStateException(
          "Body of " + this + " is not a JSON object: " + (body.isEmpty() ? "(empty)" : excerpt()));
    }
    return Json.toMap(node);
  }

  /** The method, path, query and remote address; never headers or body. */
  @Override
  public String toString() {
    return method
        + " "
        + path
        + (rawQuery == null ? "" : "?" + rawQuery)
        + " from "
        + remoteAddress;
  }

  private String excerpt() {
    return body.length() <= EXCERPT ? body : body.substring(0, EXCERPT) + "…";
  }
}
