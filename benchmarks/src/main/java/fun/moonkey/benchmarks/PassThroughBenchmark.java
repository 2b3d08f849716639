package fun.moonkey.benchmarks;

import fun.moonkey.servlet.LogoutFilter;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What a request that is not a logout costs: {@code doFilter} through {@link LogoutFilter} (with
 * {@code logout-path=/logout}) against the same call through an empty filter.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class PassThroughBenchmark {

  private LogoutFilter logoutFilter;
  private final Filter emptyFilter = (req, res, chain) -> chain.doFilter(req, res);
  private HttpServletRequest request;
  private HttpServletResponse response;
  private CountingChain chain;

  /** Counts calls so that the work cannot be optimised away. */
  static final class CountingChain implements FilterChain {
    long calls;

    @Override
    public void doFilter(jakarta.servlet.ServletRequest req, ServletResponse res) {
      calls++;
    }
  }

  @Setup(Level.Trial)
  public void setUp() throws ServletException {
    logoutFilter = new LogoutFilter();
    logoutFilter.init(
        FakeRequests.filterConfig(
            Map.of(
                "secret-key", "sk_test_benchmark",
                "api-url", "http://127.0.0.1:9",
                "logout-path", "/logout")));
    request = FakeRequests.request("/app", "/orders/42", "GET");
    HttpServletResponse unsupported =
        (HttpServletResponse)
            Proxy.newProxyInstance(
                getClass().getClassLoader(),
                new Class<?>[] {HttpServletResponse.class},
                (proxy, m, args) -> {
                  throw new UnsupportedOperationException(m.getName());
                });
    response = new HttpServletResponseWrapper(unsupported);
    chain = new CountingChain();
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    logoutFilter.destroy();
  }

  @Benchmark
  public long emptyFilter() throws IOException, ServletException {
    emptyFilter.doFilter(request, response, chain);
    return chain.calls;
  }

  @Benchmark
  public long logoutFilter() throws IOException, ServletException {
    logoutFilter.doFilter(request, response, chain);
    return chain.calls;
  }
}
