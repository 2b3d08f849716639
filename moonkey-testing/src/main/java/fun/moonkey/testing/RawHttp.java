package fun.moonkey.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An HTTP/1.1 client for tests that must send what a higher-level client refuses: any {@code Host},
 * any header value bytes, a 64 KiB {@code Cookie}. One request per connection ({@code Connection:
 * close}); the answer is read to the end. Header values are sent as UTF-8.
 */
public final class RawHttp {

  private final URI uri;
  private final String method;
  private final List<String[]> headers = new ArrayList<>();
  private final List<String> cookies = new ArrayList<>();

  private RawHttp(String method, URI uri) {
    this.method = method;
    this.uri = uri;
  }

  /** A request with {@code method} to {@code uri} (path and query are sent as they are). */
  public static RawHttp request(String method, URI uri) {
    return new RawHttp(method, uri);
  }

  /** Adds a header; {@code Host} replaces the default. */
  public RawHttp header(String name, String value) {
    headers.add(new String[] {name, value});
    return this;
  }

  /** Adds a cookie to the one {@code Cookie} header. */
  public RawHttp cookie(String name, String value) {
    cookies.add(name + "=" + value);
    return this;
  }

  /** The answer. */
  public record Response(int status, Map<String, List<String>> headers, String body) {

    /** Every value of a header, by case-insensitive name. */
    public List<String> all(String name) {
      return headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
    }

    /** The first value of a header, or null. */
    public String first(String name) {
      List<String> values = all(name);
      return values.isEmpty() ? null : values.get(0);
    }
  }

  /** Sends the request and reads the whole answer, with a 30 s read timeout. */
  public Response send() throws IOException {
    StringBuilder head = new StringBuilder();
    String target = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    head.append(method).append(' ').append(target).append(" HTTP/1.1\r\n");
    boolean hostGiven = headers.stream().anyMatch(h -> h[0].equalsIgnoreCase("Host"));
    if (!hostGiven) {
      head.append("Host: ").append(uri.getHost()).append(':').append(uri.getPort()).append("\r\n");
    }
    for (String[] h : headers) {
      head.append(h[0]).append(": ").append(h[1]).append("\r\n");
    }
    if (!cookies.isEmpty()) {
      head.append("Cookie: ").append(String.join("; ", cookies)).append("\r\n");
    }
    if (method.equals("POST") || method.equals("PUT")) {
      head.append("Content-Length: 0\r\n");
    }
    head.append("Connection: close\r\n\r\n");
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 5_000);
      socket.setSoTimeout(30_000);
      OutputStream out = socket.getOutputStream();
      out.write(head.toString().getBytes(StandardCharsets.UTF_8));
      out.flush();
      return parse(socket.getInputStream().readAllBytes());
    }
  }

  private static Response parse(byte[] raw) throws IOException {
    String text = new String(raw, StandardCharsets.ISO_8859_1);
    int end = text.indexOf("\r\n\r\n");
    if (end < 0) {
      throw new IOException("no complete response head: " + text);
    }
    String[] lines = text.substring(0, end).split("\r\n");
    int status = Integer.parseInt(lines[0].split(" ")[1]);
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      headers
          .computeIfAbsent(
              lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
          .add(lines[i].substring(colon + 1).strip());
    }
    byte[] bodyBytes = new byte[raw.length - end - 4];
    System.arraycopy(raw, end + 4, bodyBytes, 0, bodyBytes.length);
    List<String> te = headers.getOrDefault("transfer-encoding", List.of());
    String body =
        te.contains("chunked") ? dechunk(bodyBytes) : new String(bodyBytes, StandardCharsets.UTF_8);
    return new Response(status, headers, body);
  }

  private static String dechunk(byte[] bytes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    String s = new String(bytes, StandardCharsets.ISO_8859_1);
    int pos = 0;
    while (pos < s.length()) {
      int lineEnd = s.indexOf("\r\n", pos);
      if (lineEnd < 0) {
        break;
      }
      int size = Integer.parseInt(s.substring(pos, lineEnd).split(";")[0].strip(), 16);
      if (size == 0) {
        break;
      }
      out.write(bytes, lineEnd + 2, size);
      pos = lineEnd + 2 + size + 2;
    }
    return out.toString(StandardCharsets.UTF_8);
  }
}
