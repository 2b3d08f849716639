package fun.moonkey.benchmarks;

import fun.moonkey.emulator.MoonKeyEmulator;
import fun.moonkey.emulator.Reply;
import fun.moonkey.servlet.LogoutFilter;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.springframework.security.web.authentication.logout.CookieClearingLogoutHandler;
import org.springframework.security.web.authentication.logout.SecurityContextLogoutHandler;
import org.springframework.security.web.authentication.logout.SimpleUrlLogoutSuccessHandler;

/**
 * The local part of a logout (lookup, invalidate, expire cookies, redirect) against Spring
 * Security's {@code LogoutFilter} configured to do the same, on the same Jetty. Each operation
 * signs in (creating an {@code HttpSession}) then logs out; both contenders pay the same sign-in.
 * Each contender runs at each level of concurrency on a fresh server.
 *
 * @param concurrencies the load generator's numbers of clients, one measured run each per contender
 * @param containerThreads Jetty's request threads
 * @param warmup how long each contender runs before it is measured
 * @param measure how long each contender is measured
 */
record LocalWorkBenchmark(
    List<Integer> concurrencies, int containerThreads, Duration warmup, Duration measure) {

  /** The contenders, in the order of the report. */
  enum Contender {
    OURS(
        "moonkey LogoutFilter (no MoonKey credential: local work only)",
        "moonkey LogoutFilter, local work only"),
    SPRING(
        "Spring Security LogoutFilter (invalidate, clear the same cookies, redirect)",
        "Spring Security LogoutFilter"),
    OURS_WITH_CREDENTIAL(
        "moonkey LogoutFilter with a credential, MoonKey latency 0 (adds the DELETE)",
        "moonkey LogoutFilter with the DELETE (latency 0)");

    /** The name in the report's table. */
    final String label;

    /** The shorter name in the charts' legends. */
    final String legend;

    Contender(String label, String legend) {
      this.label = label;
      this.legend = legend;
    }
  }

  /** One contender's figures at one number of clients. */
  record Row(Contender contender, int concurrency, LoadGenerator.Result result) {}

  /** Copies the list. */
  LocalWorkBenchmark {
    concurrencies = List.copyOf(concurrencies);
  }

  /** Creates a session, with the MoonKey token attribute when asked. */
  static final class SignIn extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private final boolean withCredential;

    SignIn(boolean withCredential) {
      this.withCredential = withCredential;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      var session = req.getSession(true);
      if (withCredential) {
        session.setAttribute("moonkey.session_token", "tok-" + session.getId());
      }
      resp.setStatus(204);
    }
  }

  List<Row> run() throws Exception {
    List<Row> rows = new ArrayList<>();
    try (MoonKeyEmulator moonKey = MoonKeyEmulator.start();
        LoadGenerator load = new LoadGenerator()) {
      moonKey.setDefaultReply(Reply.json(200, "{\"message\":\"Successfully deleted session\"}"));
      Map<String, String> params =
          Map.of(
              "secret-key", moonKey.secretKey(),
              "api-url", moonKey.baseUri().toString(),
              "logout-path", "/logout");
      for (int c : concurrencies) {
        for (Contender contender : Contender.values()) {
          System.out.printf("local work benchmark: %s, %d clients%n", contender.label, c);
          Consumer<BenchServer> filter =
              contender == Contender.SPRING
                  ? server -> server.filter(springLogoutFilter(), true)
                  : server -> server.filter(LogoutFilter.class, params, true);
          rows.add(
              new Row(
                  contender,
                  c,
                  measure(load, c, filter, contender == Contender.OURS_WITH_CREDENTIAL)));
        }
      }
    }
    return rows;
  }

  private static Filter springLogoutFilter() {
    SimpleUrlLogoutSuccessHandler success = new SimpleUrlLogoutSuccessHandler();
    success.setDefaultTargetUrl("/");
    org.springframework.security.web.authentication.logout.LogoutFilter filter =
        new org.springframework.security.web.authentication.logout.LogoutFilter(
            success,
            new SecurityContextLogoutHandler(),
            new CookieClearingLogoutHandler("session_token", "JSESSIONID"));
    filter.setLogoutRequestMatcher(
        request ->
            "POST".equals(request.getMethod())
                && request.getRequestURI().equals(request.getContextPath() + "/logout"));
    return filter;
  }

  private LoadGenerator.Result measure(
      LoadGenerator load, int concurrency, Consumer<BenchServer> withFilter, boolean withCredential)
      throws Exception {
    try (BenchServer server = new BenchServer(containerThreads)) {
      withFilter.accept(server);
      server.servlet(new SignIn(withCredential), "/signin", true).start();
      URI signIn = server.uri("/signin");
      URI logout = server.uri("/logout");
      return load.runOperations(
          concurrency,
          warmup,
          measure,
          i ->
              load.exchange(HttpRequest.newBuilder(signIn).timeout(Duration.ofSeconds(60)).build())
                  .thenCompose(
                      (HttpResponse<Void> signedIn) -> {
                        String cookie =
                            signedIn.headers().allValues("Set-Cookie").stream()
                                .filter(c -> c.startsWith("JSESSIONID="))
                                .map(c -> c.substring(0, c.indexOf(';')))
                                .findFirst()
                                .orElse("JSESSIONID=none");
                        return load.send(
                            LoadGenerator.post(logout).header("Cookie", cookie).build());
                      }));
    }
  }
}
