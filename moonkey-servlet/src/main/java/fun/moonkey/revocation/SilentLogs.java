package fun.moonkey.revocation;

import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.helpers.NOPLoggerFactory;
import org.slf4j.helpers.NOPMDCAdapter;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * The SLF4J provider of the copy of SLF4J bundled in the library's jar (relocated under {@code
 * fun.moonkey.shaded}, with HttpClient, which logs through it): every logger discards everything.
 * Not for applications; the jar registers it through {@code META-INF/services} for the relocated
 * SLF4J only, so that SLF4J finds exactly one provider and prints no warning at start.
 *
 * <p>Why discard rather than bridge to {@code System.Logger}: HttpClient's DEBUG loggers ({@code
 * org.apache.hc.client5.http.headers}, {@code ….wire}) write request headers and bodies, the {@code
 * Authorization} header and session tokens included, and a bridge would print them for anyone who
 * sets {@code fun.moonkey.level = FINE}. Whatever goes wrong in a call reaches the library as an
 * exception and is logged by it, with secrets masked; what the client's I/O threads catch
 * themselves is logged at DEBUG by {@code MoonKeyClient}.
 */
public final class SilentLogs implements SLF4JServiceProvider {

  private final ILoggerFactory loggers = new NOPLoggerFactory();
  private final IMarkerFactory markers = new BasicMarkerFactory();
  private final MDCAdapter mdc = new NOPMDCAdapter();

  /** For {@link java.util.ServiceLoader}. */
  public SilentLogs() {}

  @Override
  public ILoggerFactory getLoggerFactory() {
    return loggers;
  }

  @Override
  public IMarkerFactory getMarkerFactory() {
    return markers;
  }

  @Override
  public MDCAdapter getMDCAdapter() {
    return mdc;
  }

  @Override
  public String getRequestedApiVersion() {
    return "2.0.99";
  }

  @Override
  public void initialize() {}
}
