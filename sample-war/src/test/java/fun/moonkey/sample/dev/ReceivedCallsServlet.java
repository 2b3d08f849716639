package fun.moonkey.sample.dev;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code GET /_demo/moonkey-calls}: what MoonKey received in this demo, with its answers, for the
 * pages' "What MoonKey received" panel.
 *
 * <pre>{@code
 * {"journal": "http://127.0.0.1:41234/_emulator/requests",
 *  "calls": [{"at": "2025-…Z", "request": "DELETE /v1/auth/sessions/delete session_id#1a2b3c4d",
 *             "status": 200}, …]}
 * }</pre>
 *
 * <p>{@code calls} is newest first. The launcher adds this servlet to the sample's context when it
 * runs the emulator; it is not part of the WAR, which answers 404 here anywhere else. (The
 * emulator's own journal, {@code journal}, lists the requests but not MoonKey's answers.)
 */
final class ReceivedCallsServlet extends HttpServlet {

  /** Where the servlet is mapped, relative to the sample's context. */
  static final String PATH = "/_demo/moonkey-calls";

  private static final long serialVersionUID = 1L;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final transient ReceivedCalls calls;
  private final URI journal;

  /**
   * @param calls what the emulator reported
   * @param journal the emulator's {@code /_emulator/requests}
   */
  ReceivedCallsServlet(ReceivedCalls calls, URI journal) {
    this.calls = Objects.requireNonNull(calls, "calls");
    this.journal = Objects.requireNonNull(journal, "journal");
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    List<Map<String, Object>> newestFirst = new ArrayList<>();
    for (ReceivedCalls.Call call : calls.recent()) {
      newestFirst.add(0, json(call));
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("journal", journal.toString());
    body.put("calls", newestFirst);
    response.setContentType("application/json");
    response.setCharacterEncoding("UTF-8");
    response.setHeader("Cache-Control", "no-store");
    JSON.writeValue(response.getOutputStream(), body);
  }

  private static Map<String, Object> json(ReceivedCalls.Call call) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("at", call.at().toString());
    json.put("request", call.request());
    json.put("status", call.status());
    return json;
  }
}
