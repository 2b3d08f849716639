package fun.moonkey.jaxrs;

import fun.moonkey.logout.ServiceRegistry;
import fun.moonkey.metrics.LogoutMetrics;
import jakarta.enterprise.inject.spi.AnnotatedField;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.enterprise.inject.spi.InjectionPoint;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.eclipse.microprofile.metrics.MetricID;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

/**
 * The figures of each MoonKey client as MicroProfile Metrics gauges in the application's registry
 * (Payara serves them at {@code /metrics?scope=application}), tagged with the client's {@code
 * context} and {@code id} as in its MBean's name: {@code moonkey.logouts} (tag {@code outcome}),
 * {@code moonkey.calls}, {@code moonkey.retries}, {@code moonkey.pending}, {@code
 * moonkey.retrier.delivered}, {@code moonkey.retrier.given_up}, {@code moonkey.latency.mean_ms} and
 * {@code moonkey.breaker.open} (1 while open).
 *
 * <p>Loaded only where CDI and the MicroProfile Metrics API are present ({@link
 * PortableServlet#exportMetrics} checks).
 */
final class MicroProfileMetrics implements ServiceRegistry.MetricsExport {

  private final MetricRegistry registry;

  private MicroProfileMetrics(MetricRegistry registry) {
    this.registry = registry;
  }

  /** The export to the calling application's registry, as its CDI container provides it. */
  static ServiceRegistry.MetricsExport ofApplication() {
    // As an injection into a field, not a programmatic lookup: Payara's producer reads the
    // injection point's annotations, which a lookup does not have.
    BeanManager beans = CDI.current().getBeanManager();
    AnnotatedField<? super RegistryField> field =
        beans.createAnnotatedType(RegistryField.class).getFields().iterator().next();
    InjectionPoint point = beans.createInjectionPoint(field);
    return new MicroProfileMetrics(
        (MetricRegistry) beans.getInjectableReference(point, beans.createCreationalContext(null)));
  }

  /** Declares the injection point; never made. */
  private static final class RegistryField {
    @SuppressWarnings("unused")
    private MetricRegistry registry;

    private RegistryField() {}
  }

  @Override
  public AutoCloseable export(LogoutMetrics metrics, String context, int id) {
    List<MetricID> ids = new ArrayList<>();
    Tag[] client = {new Tag("context", context), new Tag("id", Integer.toString(id))};
    outcome(ids, metrics, client, "revoked", LogoutMetrics::getRevoked);
    outcome(ids, metrics, client, "already_gone", LogoutMetrics::getAlreadyGone);
    outcome(ids, metrics, client, "pending", LogoutMetrics::getPending);
    outcome(ids, metrics, client, "failed", LogoutMetrics::getFailed);
    outcome(ids, metrics, client, "no_session", LogoutMetrics::getNoSession);
    gauge(ids, "moonkey.calls", metrics, LogoutMetrics::getCalls, client);
    gauge(ids, "moonkey.retries", metrics, LogoutMetrics::getRetries, client);
    gauge(ids, "moonkey.pending", metrics, LogoutMetrics::getPendingSize, client);
    gauge(ids, "moonkey.retrier.delivered", metrics, LogoutMetrics::getRetrierDelivered, client);
    gauge(ids, "moonkey.retrier.given_up", metrics, LogoutMetrics::getRetrierGivenUp, client);
    gauge(ids, "moonkey.latency.mean_ms", metrics, LogoutMetrics::getLatencyMeanMillis, client);
    gauge(
        ids,
        "moonkey.breaker.open",
        metrics,
        m -> "OPEN".equals(m.getBreakerState()) ? 1 : 0,
        client);
    return () -> ids.forEach(registry::remove);
  }

  private void outcome(
      List<MetricID> ids,
      LogoutMetrics metrics,
      Tag[] client,
      String outcome,
      Function<LogoutMetrics, Number> value) {
    Tag[] tags = {client[0], client[1], new Tag("outcome", outcome)};
    gauge(ids, "moonkey.logouts", metrics, value, tags);
  }

  private void gauge(
      List<MetricID> ids,
      String name,
      LogoutMetrics metrics,
      Function<LogoutMetrics, Number> value,
      Tag... tags) {
    registry.gauge(name, metrics, value, tags);
    ids.add(new MetricID(name, tags));
  }

  @Override
  public String toString() {
    return "MicroProfile Metrics";
  }
}
