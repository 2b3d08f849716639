package fun.moonkey.testing;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.logging.JettyLogger;
import org.eclipse.jetty.logging.JettyLoggerFactory;
import org.eclipse.jetty.logging.StdErrAppender;
import org.slf4j.LoggerFactory;

/**
 * Captures what Jetty logs (through jetty-slf4j-impl, which writes to standard error) at a level,
 * by pointing its appender at a buffer and setting the {@code org.eclipse.jetty} level until
 * closed. Not for parallel tests: the appender is shared by the JVM.
 */
public final class JettyLogCapture implements AutoCloseable {

  private final StdErrAppender appender;
  private final PrintStream previousStream;
  private final JettyLoggerFactory factory;
  private final String previousLevel;
  private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();

  private JettyLogCapture(String level) {
    JettyLogger jetty = (JettyLogger) LoggerFactory.getLogger("org.eclipse.jetty");
    factory = (JettyLoggerFactory) LoggerFactory.getILoggerFactory();
    appender = (StdErrAppender) jetty.getAppender();
    previousStream = appender.getStream();
    previousLevel = factory.getLoggerLevel("org.eclipse.jetty");
    appender.setStream(new PrintStream(buffer, true, StandardCharsets.UTF_8));
    factory.setLoggerLevel("org.eclipse.jetty", level);
  }

  /**
   * @param level {@code DEBUG}, {@code INFO}, {@code WARN}…
   * @return a started capture
   */
  public static JettyLogCapture at(String level) {
    return new JettyLogCapture(level);
  }

  /** Everything Jetty wrote so far. */
  public String text() {
    synchronized (buffer) {
      return buffer.toString(StandardCharsets.UTF_8);
    }
  }

  @Override
  public void close() {
    appender.setStream(previousStream);
    factory.setLoggerLevel("org.eclipse.jetty", previousLevel);
  }
}
