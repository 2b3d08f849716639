package fun.moonkey.benchmarks;

import fun.moonkey.config.ConfigSource;
import fun.moonkey.config.MoonKeyConfig;
import fun.moonkey.credential.Credential;
import fun.moonkey.credential.CredentialType;
import fun.moonkey.logout.ServiceRegistry;
import fun.moonkey.servlet.LogoutFilter;
import fun.moonkey.servlet.SharedServices;
import fun.moonkey.store.RevokedSessions;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
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
 * {@code logout-path=/logout}, and with {@code sessions-api=true} too) against the same call
 * through an empty filter; and with {@code enforce-revocations=true}, a request whose {@code
 * HttpSession} holds a MoonKey token and user that are not revoked while 10,000 other tokens and
 * another user are.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class PassThroughBenchmark {

  private LogoutFilter logoutFilter;
  private LogoutFilter sessionsApiFilter;
  private LogoutFilter enforcingFilter;
  private HttpServletRequest signedInRequest;
  private ServiceRegistry.Lease enforcingLease;
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
    sessionsApiFilter = new LogoutFilter();
    sessionsApiFilter.init(
        FakeRequests.filterConfig(
            Map.of(
                "secret-key", "sk_test_benchmark",
                "api-url", "http://127.0.0.1:9",
                "logout-path", "/logout",
                "sessions-api", "true")));
    request = FakeRequests.request("/app", "/orders/42", "GET");
    Map<String, String> enforcing =
        Map.of(
            "secret-key", "sk_test_benchmark",
            "api-url", "http://127.0.0.1:9",
            "logout-path", "/logout",
            "enforce-revocations", "true");
    FilterConfig enforcingConfig = FakeRequests.filterConfig(enforcing);
    enforcingFilter = new LogoutFilter();
    enforcingFilter.init(enforcingConfig);
    // The filter's own service (same configuration, same application): 10,000 revoked tokens.
    enforcingLease =
        SharedServices.of(enforcingConfig.getServletContext())
            .acquire(MoonKeyConfig.from(ConfigSource.of(enforcing)));
    RevokedSessions revoked = enforcingLease.service().revoked().orElseThrow();
    List<Credential> tokens = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      tokens.add(new Credential(CredentialType.SESSION_TOKEN, "tok_revoked_" + i, "benchmark"));
    }
    revoked.record(tokens);
    // And another user's every session ("log out everywhere"), so that the check by user runs.
    revoked.recordOwner("user_logged_out_everywhere", null);
    Map<String, Object> attributes = new HashMap<>();
    attributes.put("moonkey.session_token", "tok_signed_in_and_not_revoked");
    attributes.put("moonkey.user_id", "user_signed_in");
    signedInRequest =
        FakeRequests.request("/app", "/orders/42", "GET", FakeRequests.session(attributes));
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
    sessionsApiFilter.destroy();
    enforcingLease.close();
    enforcingFilter.destroy();
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

  @Benchmark
  public long sessionsApiFilter() throws IOException, ServletException {
    sessionsApiFilter.doFilter(request, response, chain);
    return chain.calls;
  }

  @Benchmark
  public long enforcingFilterSignedIn() throws IOException, ServletException {
    enforcingFilter.doFilter(signedInRequest, response, chain);
    return chain.calls;
  }

  @Benchmark
  public long emptyFilterSignedIn() throws IOException, ServletException {
    emptyFilter.doFilter(signedInRequest, response, chain);
    return chain.calls;
  }
}
