package fun.moonkey.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP peer on loopback that accepts every connection, reads what comes and never answers: a
 * MoonKey that hangs, served by one thread however many connections it holds (so that the threads
 * of a client under test can be counted in the same JVM). Counts the connections it holds open.
 */
public final class SilentPeer implements AutoCloseable {

  private final ServerSocketChannel server;
  private final Selector selector;
  private final Thread thread;
  private final AtomicInteger open = new AtomicInteger();
  private final AtomicInteger accepted = new AtomicInteger();

  private SilentPeer() throws IOException {
    selector = Selector.open();
    server = ServerSocketChannel.open();
    server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4096);
    server.configureBlocking(false);
    server.register(selector, SelectionKey.OP_ACCEPT);
    thread = new Thread(this::serve, "silent-peer");
    thread.setDaemon(true);
    thread.start();
  }

  /** Starts a peer on a free port. */
  public static SilentPeer start() {
    try {
      return new SilentPeer();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code http://127.0.0.1:port}. */
  public URI baseUri() {
    try {
      return URI.create(
          "http://127.0.0.1:" + ((InetSocketAddress) server.getLocalAddress()).getPort());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Connections accepted and not yet closed by the client. */
  public int openConnections() {
    return open.get();
  }

  /** Connections accepted since the start. */
  public int acceptedConnections() {
    return accepted.get();
  }

  private void serve() {
    ByteBuffer sink = ByteBuffer.allocate(64 * 1024);
    try {
      while (selector.isOpen()) {
        selector.select(100);
        for (SelectionKey key : selector.selectedKeys()) {
          if (!key.isValid()) {
            continue;
          }
          if (key.isAcceptable()) {
            SocketChannel channel;
            while ((channel = server.accept()) != null) {
              channel.configureBlocking(false);
              channel.register(selector, SelectionKey.OP_READ);
              accepted.incrementAndGet();
              open.incrementAndGet();
            }
          } else if (key.isReadable()) {
            SocketChannel channel = (SocketChannel) key.channel();
            sink.clear();
            int read;
            try {
              read = channel.read(sink);
            } catch (IOException e) {
              read = -1;
            }
            if (read < 0) {
              key.cancel();
              channel.close();
              open.decrementAndGet();
            }
          }
        }
        selector.selectedKeys().clear();
      }
    } catch (IOException | RuntimeException e) {
      // Closed: nothing more to serve.
    }
  }

  @Override
  public void close() {
    try {
      for (SelectionKey key : selector.keys()) {
        key.channel().close();
      }
      selector.close();
      thread.join(2_000);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
