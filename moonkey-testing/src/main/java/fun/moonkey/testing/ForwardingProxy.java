package fun.moonkey.testing;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real forwarding HTTP proxy on loopback, as a company network has one, that records what passed
 * through it. It serves the two forms a client uses (RFC 9110 9.3.6, RFC 9112 3.2.2):
 *
 * <ul>
 *   <li>{@code CONNECT host:port}: answers 200, then tunnels bytes both ways untouched (for an
 *       {@code https} target; TLS runs end to end through it);
 *   <li>an absolute-form request such as {@code DELETE http://host:port/path}: forwards it to the
 *       target in origin form with its headers and body, and the answer back.
 * </ul>
 *
 * <p>One request per client connection (it answers {@code Connection: close}), a thread per
 * connection: enough for tests, not a proxy to deploy. Only {@code Content-Length} bodies.
 */
public final class ForwardingProxy implements AutoCloseable {

  /** The most bytes of a tunnel's client-to-target stream kept for inspection. */
  public static final int TUNNEL_CAPTURE = 64 * 1024;

  private static final Set<String> HOP_BY_HOP =
      Set.of("connection", "proxy-connection", "keep-alive", "proxy-authorization", "te");

  private final ServerSocket server;
  private final Thread acceptor;
  private final List<Passage> passages = new CopyOnWriteArrayList<>();
  private final Set<Closeable> open = ConcurrentHashMap.newKeySet();
  private final AtomicInteger connections = new AtomicInteger();
  private final AtomicInteger threads = new AtomicInteger();

  /** What one client connection asked the proxy for. Thread-safe. */
  public static final class Passage {
    private final String method;
    private final String target;
    private final Map<String, String> headers;
    private final byte[] body;
    private final ByteArrayOutputStream tunnelled = new ByteArrayOutputStream();

    Passage(String method, String target, Map<String, String> headers, byte[] body) {
      this.method = method;
      this.target = target;
      this.headers = headers;
      this.body = body;
    }

    /** {@code CONNECT}, {@code DELETE}, … */
    public String method() {
      return method;
    }

    /** The request target: {@code host:port} for CONNECT, the absolute URI otherwise. */
    public String target() {
      return target;
    }

    /** A request header as received, by case-insensitive name; null when absent. */
    public String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }

    /** The request body forwarded (empty for CONNECT), as UTF-8. */
    public String body() {
      return new String(body, StandardCharsets.UTF_8);
    }

    /** For CONNECT: the first {@link #TUNNEL_CAPTURE} bytes the client sent through the tunnel. */
    public synchronized byte[] tunnelled() {
      return tunnelled.toByteArray();
    }

    synchronized void capture(byte[] buffer, int length) {
      int room = TUNNEL_CAPTURE - tunnelled.size();
      tunnelled.write(buffer, 0, Math.min(room, length));
    }

    @Override
    public String toString() {
      return method + " " + target;
    }
  }

  private ForwardingProxy() throws IOException {
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    acceptor = daemon(this::accept, "forwarding-proxy-accept");
  }

  /** Starts a proxy on a free loopback port. */
  public static ForwardingProxy start() {
    try {
      return new ForwardingProxy();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The proxy's port on 127.0.0.1. */
  public int port() {
    return server.getLocalPort();
  }

  /** {@code http://127.0.0.1:port}, the value of the {@code proxy} setting that names it. */
  public String url() {
    return "http://127.0.0.1:" + port();
  }

  /** Every request the proxy received, in order. */
  public List<Passage> passages() {
    return List.copyOf(passages);
  }

  /** Client connections accepted so far. */
  public int connections() {
    return connections.get();
  }

  @Override
  public void close() {
    try {
      server.close();
    } catch (IOException e) {
      // Closing anyway.
    }
    for (Closeable c : open) {
      try {
        c.close();
      } catch (IOException e) {
        // Closing anyway.
      }
    }
    try {
      acceptor.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return "ForwardingProxy[" + url() + ", " + passages + "]";
  }

  private Thread daemon(Runnable work, String name) {
    Thread thread = new Thread(work, name);
    thread.setDaemon(true);
    thread.start();
    return thread;
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        connections.incrementAndGet();
        open.add(client);
        daemon(() -> serve(client), "forwarding-proxy-" + threads.incrementAndGet());
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private void serve(Socket client) {
    try (client) {
      InputStream in = client.getInputStream();
      OutputStream out = client.getOutputStream();
      List<String> head = readHead(in);
      if (head.isEmpty()) {
        return;
      }
      String[] line = head.get(0).split(" ");
      if (line.length != 3) {
        answer(out, "400 Bad Request");
        return;
      }
      Map<String, String> headers = headers(head);
      if (line[0].equals("CONNECT")) {
        Passage passage = new Passage(line[0], line[1], headers, new byte[0]);
        passages.add(passage);
        tunnel(client, in, out, line[1], passage);
      } else {
        int length = Integer.parseInt(headers.getOrDefault("content-length", "0").strip());
        byte[] body = in.readNBytes(length);
        passages.add(new Passage(line[0], line[1], headers, body));
        forward(out, line[0], URI.create(line[1]), head, body);
      }
    } catch (IOException | RuntimeException e) {
      // The client or the target went away; what was recorded stays.
    } finally {
      open.remove(client);
    }
  }

  private void tunnel(Socket client, InputStream in, OutputStream out, String target, Passage p)
      throws IOException {
    int colon = target.lastIndexOf(':');
    String host = target.substring(0, colon).replace("[", "").replace("]", "");
    int port = Integer.parseInt(target.substring(colon + 1));
    try (Socket upstream = connect(host, port, out)) {
      if (upstream == null) {
        return;
      }
      out.write("HTTP/1.1 200 Connection Established\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      Thread back =
          daemon(
              () -> pump(upstream, client, null), "forwarding-proxy-" + threads.incrementAndGet());
      pump(client, upstream, p);
      try {
        back.join(5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Copies {@code from} to {@code to} until {@code from} ends, then half-closes {@code to}. */
  private static void pump(Socket from, Socket to, Passage capture) {
    byte[] buffer = new byte[8192];
    try {
      InputStream in = from.getInputStream();
      OutputStream out = to.getOutputStream();
      for (int n; (n = in.read(buffer)) >= 0; ) {
        if (capture != null) {
          capture.capture(buffer, n);
        }
        out.write(buffer, 0, n);
        out.flush();
      }
      to.shutdownOutput();
    } catch (IOException e) {
      // One side closed: the tunnel ends.
    }
  }

  private void forward(OutputStream out, String method, URI target, List<String> head, byte[] body)
      throws IOException {
    int port = target.getPort() < 0 ? 80 : target.getPort();
    try (Socket upstream = connect(target.getHost(), port, out)) {
      if (upstream == null) {
        return;
      }
      StringBuilder request = new StringBuilder();
      String path = target.getRawPath().isEmpty() ? "/" : target.getRawPath();
      String query = target.getRawQuery() == null ? "" : "?" + target.getRawQuery();
      request.append(method).append(' ').append(path).append(query).append(" HTTP/1.1\r\n");
      for (String field : head.subList(1, head.size())) {
        String name = field.substring(0, field.indexOf(':')).strip().toLowerCase(Locale.ROOT);
        if (!HOP_BY_HOP.contains(name)) {
          request.append(field).append("\r\n");
        }
      }
      request.append("Connection: close\r\n\r\n");
      OutputStream up = upstream.getOutputStream();
      up.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
      up.write(body);
      up.flush();
      InputStream answer = upstream.getInputStream();
      List<String> answerHead = readHead(answer);
      StringBuilder back = new StringBuilder(answerHead.get(0)).append("\r\n");
      for (String field : answerHead.subList(1, answerHead.size())) {
        if (!field.toLowerCase(Locale.ROOT).startsWith("connection:")) {
          back.append(field).append("\r\n");
        }
      }
      back.append("Connection: close\r\n\r\n");
      out.write(back.toString().getBytes(StandardCharsets.ISO_8859_1));
      String length = headers(answerHead).get("content-length");
      if (length != null) {
        out.write(answer.readNBytes(Integer.parseInt(length.strip())));
      } else {
        answer.transferTo(out);
      }
      out.flush();
    }
  }

  /** A connection to the target, or null after answering 502 when there is none. */
  private Socket connect(String host, int port, OutputStream out) throws IOException {
    Socket upstream = new Socket();
    try {
      upstream.connect(new InetSocketAddress(host, port), 5_000);
      open.add(upstream);
      return upstream;
    } catch (IOException e) {
      upstream.close();
      answer(out, "502 Bad Gateway");
      return null;
    }
  }

  private static void answer(OutputStream out, String status) throws IOException {
    out.write(
        ("HTTP/1.1 " + status + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }

  /** The lines of a request or status head, up to the empty line; empty at end of stream. */
  private static List<String> readHead(InputStream in) throws IOException {
    List<String> lines = new ArrayList<>();
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int previous = -1;
    for (int b; (b = in.read()) >= 0; previous = b) {
      if (b == '\n' && previous == '\r') {
        byte[] bytes = line.toByteArray();
        String text =
            new String(Arrays.copyOf(bytes, bytes.length - 1), StandardCharsets.ISO_8859_1);
        if (text.isEmpty()) {
          return lines;
        }
        lines.add(text);
        line.reset();
      } else {
        line.write(b);
      }
    }
    return List.of();
  }

  private static Map<String, String> headers(List<String> head) {
    Map<String, String> headers = new LinkedHashMap<>();
    for (String field : head.subList(1, head.size())) {
      int colon = field.indexOf(':');
      if (colon > 0) {
        headers.put(
            field.substring(0, colon).strip().toLowerCase(Locale.ROOT),
            field.substring(colon + 1).strip());
      }
    }
    return headers;
  }
}
