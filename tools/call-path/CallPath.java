import com.sun.jdi.Bootstrap;
import com.sun.jdi.ClassType;
import com.sun.jdi.Location;
import com.sun.jdi.Method;
import com.sun.jdi.ObjectReference;
import com.sun.jdi.ReferenceType;
import com.sun.jdi.StackFrame;
import com.sun.jdi.StringReference;
import com.sun.jdi.ThreadReference;
import com.sun.jdi.Value;
import com.sun.jdi.VirtualMachine;
import com.sun.jdi.connect.AttachingConnector;
import com.sun.jdi.connect.Connector;
import com.sun.jdi.event.Event;
import com.sun.jdi.event.EventSet;
import com.sun.jdi.event.BreakpointEvent;
import com.sun.jdi.event.ClassPrepareEvent;
import com.sun.jdi.event.VMDisconnectEvent;
import com.sun.jdi.request.EventRequest;
import com.sun.jdi.request.EventRequestManager;
import com.sun.jdi.request.BreakpointRequest;
import com.sun.jdi.request.ClassPrepareRequest;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Traces the path of one logout through the library's own code with JDI, and sums it up.
 *
 * <p>Attaches to a test JVM started with {@code -agentlib:jdwp=...,suspend=y} (see run.sh),
 * retrying until it listens, and again to the next fork until the logout was seen. Each library
 * method gets a breakpoint on its first instruction as its class is prepared: JDI's method-entry
 * requests would run the whole JVM interpreted, slow enough to bring the revocation near its
 * timeout. The window opens when {@code fun.moonkey.servlet.LogoutFilter.doFilter} is entered for
 * a request whose URI ends with the logout path, and closes at the next {@code doFilter} entry
 * (the test's next request, sent once the answer arrived). Within it, every entry on any thread
 * into {@code fun.moonkey.*} is recorded, except the shaded, emulator and testing packages, the
 * module's test classes, lambda proxy classes (the lambda's body, {@code lambda$...}, is
 * recorded), class initialisation (a {@code <clinit>} and what it calls) and threads named with a
 * background prefix. The caller of an entry is the nearest library frame below it on the thread's
 * stack (JDK frames such as CompletableFuture's in between are skipped); an entry with none (a
 * container or HTTP client thread calling in) has no caller and starts a task.
 *
 * <p>Usage: {@code java CallPath.java --free-port}, or {@code java CallPath.java --port N
 * --while-pid PID --test-classes DIR --main-sources DIR --trace FILE [--logout-path /logout]
 * [--skip-threads moonkey-retrier-,moonkey-revoked-]}.
 */
public class CallPath {

  private static final List<String> EXCLUDED_PACKAGES =
      List.of("fun.moonkey.shaded.", "fun.moonkey.emulator.", "fun.moonkey.testing.");
  private static final String FILTER = "fun.moonkey.servlet.LogoutFilter";
  private static final String ANSWER = "fun.moonkey.servlet.ServletAnswer";

  /** One method entry: thread, caller's class or null, callee's class and method. */
  record Call(String thread, String caller, String callee, String method, boolean direct) {}

  private final Map<String, String> options;
  private final Set<String> testClasses = new TreeSet<>();
  private final List<String> skipThreads;
  private final List<Call> calls = new ArrayList<>();
  private final Map<String, Integer> skippedThreads = new TreeMap<>();
  private final List<String> initialisers = new ArrayList<>();
  private String window = "";
  private boolean open;
  private boolean closed;
  private int answerWriteAt = -1;

  CallPath(Map<String, String> options) {
    this.options = options;
    String background = options.getOrDefault("skip-threads", "moonkey-retrier-,moonkey-revoked-");
    this.skipThreads = List.of(background.split(","));
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> options = new HashMap<>();
    for (int i = 0; i < args.length; i++) {
      String key = args[i].substring(2);
      options.put(key, i + 1 < args.length && !args[i + 1].startsWith("--") ? args[++i] : "");
    }
    if (options.containsKey("free-port")) {
      try (ServerSocket socket = new ServerSocket(0)) {
        System.out.println(socket.getLocalPort());
      }
      return;
    }
    CallPath tool = new CallPath(options);
    long mavenPid = Long.parseLong(options.get("while-pid"));
    while (!tool.open && ProcessHandle.of(mavenPid).map(ProcessHandle::isAlive).orElse(false)) {
      VirtualMachine vm = tool.attach(options.get("port"), mavenPid);
      if (vm != null) {
        tool.trace(vm);
      }
    }
    if (!tool.open) {
      System.err.println("call-path: no logout request reached LogoutFilter.doFilter");
      System.exit(1);
    }
    tool.report();
  }

  /** Attaches once the forked JVM listens; null if Maven ended first. */
  private VirtualMachine attach(String port, long mavenPid) throws Exception {
    AttachingConnector socket =
        Bootstrap.virtualMachineManager().attachingConnectors().stream()
            .filter(c -> c.name().equals("com.sun.jdi.SocketAttach"))
            .findFirst()
            .orElseThrow();
    Map<String, Connector.Argument> args = socket.defaultArguments();
    args.get("hostname").setValue("127.0.0.1");
    args.get("port").setValue(port);
    while (ProcessHandle.of(mavenPid).map(ProcessHandle::isAlive).orElse(false)) {
      try {
        return socket.attach(args);
      } catch (IOException notYet) {
        Thread.sleep(200);
      }
    }
    return null;
  }

  private void trace(VirtualMachine vm) throws Exception {
    Path tests = Path.of(options.get("test-classes"));
    try (Stream<Path> files = Files.walk(tests)) {
      files
          .map(f -> tests.relativize(f).toString())
          .filter(f -> f.endsWith(".class"))
          .map(f -> f.substring(0, f.length() - 6).replace('/', '.'))
          .forEach(testClasses::add);
    }
    EventRequestManager requests = vm.eventRequestManager();
    ClassPrepareRequest prepare = requests.createClassPrepareRequest();
    prepare.addClassFilter("fun.moonkey.*");
    EXCLUDED_PACKAGES.forEach(p -> prepare.addClassExclusionFilter(p + "*"));
    prepare.setSuspendPolicy(EventRequest.SUSPEND_EVENT_THREAD);
    prepare.enable();
    vm.resume();
    while (true) {
      EventSet set = vm.eventQueue().remove();
      for (Event event : set) {
        if (event instanceof VMDisconnectEvent) {
          return;
        } else if (event instanceof ClassPrepareEvent prepared && !closed) {
          breakOnEveryMethod(requests, prepared.referenceType());
        } else if (event instanceof BreakpointEvent entry && !closed) {
          Method method = entry.location().method();
          boolean doFilter =
              method.declaringType().name().equals(FILTER) && method.name().equals("doFilter");
          if (!open && doFilter && isLogout(entry.thread())) {
            open = true;
            record(entry.thread(), method);
          } else if (open && doFilter) {
            closed = true;
            requests.deleteAllBreakpoints();
            prepare.disable();
          } else if (open) {
            record(entry.thread(), method);
          }
        }
      }
      set.resume();
    }
  }

  /**
   * A breakpoint on the first instruction of each method of a library class: an entry event that,
   * unlike JDI's method-entry requests, leaves the rest of the JVM compiled and at speed.
   */
  private void breakOnEveryMethod(EventRequestManager requests, ReferenceType type) {
    if (!library(type.name())) {
      return;
    }
    for (Method method : type.methods()) {
      if (!method.isAbstract() && !method.isNative() && !method.isStaticInitializer()) {
        BreakpointRequest breakpoint = requests.createBreakpointRequest(method.location());
        breakpoint.setSuspendPolicy(EventRequest.SUSPEND_EVENT_THREAD);
        breakpoint.enable();
      }
    }
  }

  /** Whether the request of the doFilter call just entered on {@code thread} is the logout. */
  private boolean isLogout(ThreadReference thread) throws Exception {
    ObjectReference request =
        (ObjectReference) thread.frame(0).getArgumentValues().get(0);
    String uri = call(thread, request, "getRequestURI");
    String method = call(thread, request, "getMethod");
    if (uri.endsWith(options.getOrDefault("logout-path", "/logout"))) {
      window = method + " " + uri + " on " + thread.name();
      return true;
    }
    return false;
  }

  private static String call(ThreadReference thread, ObjectReference target, String name)
      throws Exception {
    Method method =
        ((ClassType) target.referenceType()).concreteMethodByName(name, "()Ljava/lang/String;");
    Value value =
        target.invokeMethod(thread, method, List.of(), ObjectReference.INVOKE_SINGLE_THREADED);
    return ((StringReference) value).value();
  }

  private void record(ThreadReference thread, Method method) throws Exception {
    String name = thread.name();
    if (skipThreads.stream().anyMatch(name::startsWith)) {
      skippedThreads.merge(name, 1, Integer::sum);
      return;
    }
    String callee = method.declaringType().name();
    List<StackFrame> frames = thread.frames();
    String caller = null;
    boolean direct = false;
    for (int i = 1; i < frames.size(); i++) {
      Location location = frames.get(i).location();
      String type = location.declaringType().name();
      if (!library(type)) {
        continue;
      }
      if (location.method().isStaticInitializer()) {
        initialisers.add(callee + "." + method.name());
        return;
      }
      if (caller == null) {
        caller = type;
        direct = i == 1;
      }
    }
    if (callee.equals(ANSWER) && method.name().equals("write") && answerWriteAt < 0) {
      answerWriteAt = calls.size();
    }
    calls.add(new Call(name, caller, callee, method.name(), direct));
  }

  /** Library code: not shaded, emulator or testing, not a test class, not a lambda's proxy. */
  private boolean library(String type) {
    return type.startsWith("fun.moonkey.")
        && !type.contains("$$Lambda")
        && EXCLUDED_PACKAGES.stream().noneMatch(type::startsWith)
        && !testClasses.contains(top(type));
  }

  /** The top-level class: nested, anonymous and lambda classes folded in. */
  static String top(String type) {
    int dollar = type.indexOf('$');
    return dollar < 0 ? type : type.substring(0, dollar);
  }

  static String pkg(String type) {
    return type.substring(0, type.lastIndexOf('.'));
  }

  /** Hops and crossings over a set of calls. */
  static final class Tally {
    final Map<String, Integer> edges = new TreeMap<>();
    int hops;
    int indirect;
    int servletToLogout;
    int logoutToServlet;

    void add(Call c) {
      if (c.caller() == null) {
        return;
      }
      String from = top(c.caller());
      String to = top(c.callee());
      if (!from.equals(to)) {
        hops++;
        indirect += c.direct() ? 0 : 1;
        edges.merge(from + " -> " + to, 1, Integer::sum);
      }
      if (pkg(from).equals("fun.moonkey.servlet") && pkg(to).equals("fun.moonkey.logout")) {
        servletToLogout++;
      } else if (pkg(from).equals("fun.moonkey.logout") && pkg(to).equals("fun.moonkey.servlet")) {
        logoutToServlet++;
      }
    }

    String crossings() {
      return (servletToLogout + logoutToServlet)
          + " (servlet -> logout "
          + servletToLogout
          + ", logout -> servlet "
          + logoutToServlet
          + ")";
    }
  }

  private void report() throws IOException {
    Map<String, Integer> byType = new TreeMap<>();
    Map<String, Integer> byThread = new LinkedHashMap<>();
    int outside = 0;
    // A task: one entry from outside the library and what it calls, on one thread. A task that
    // repeats an earlier one of its thread exactly (the revoker's timer sweeping every 50 ms while
    // the call is in flight) is counted once in the folded figures: how often it repeats depends
    // on how long the call takes, and the tracer slows it down.
    Map<String, List<List<Call>>> tasks = new LinkedHashMap<>();
    Tally all = new Tally();
    for (Call c : calls) {
      byType.merge(top(c.callee()), 1, Integer::sum);
      byThread.merge(c.thread(), 1, Integer::sum);
      List<List<Call>> mine = tasks.computeIfAbsent(c.thread(), t -> new ArrayList<>());
      if (c.caller() == null || mine.isEmpty()) {
        outside += c.caller() == null ? 1 : 0;
        mine.add(new ArrayList<>());
      }
      mine.get(mine.size() - 1).add(c);
      all.add(c);
    }
    Tally folded = new Tally();
    int repeats = 0;
    for (List<List<Call>> mine : tasks.values()) {
      Set<List<String>> seen = new HashSet<>();
      for (List<Call> task : mine) {
        List<String> shape =
            task.stream().map(c -> c.caller() + ">" + c.callee() + "." + c.method()).toList();
        if (seen.add(shape)) {
          task.forEach(folded::add);
        } else {
          repeats++;
        }
      }
    }
    Set<String> packages =
        byType.keySet().stream().map(CallPath::pkg).collect(Collectors.toCollection(TreeSet::new));
    Set<String> mainPackages;
    Path main = Path.of(options.get("main-sources"));
    try (Stream<Path> files = Files.walk(main)) {
      mainPackages =
          files
              .filter(f -> f.toString().endsWith(".java"))
              .map(f -> main.relativize(f.getParent()).toString().replace('/', '.'))
              .collect(Collectors.toCollection(TreeSet::new));
    }
    Path trace = Path.of(options.get("trace"));
    try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(trace))) {
      for (int i = 0; i < calls.size(); i++) {
        Call c = calls.get(i);
        out.printf(
            "%5d %-22s %s%s -> %s.%s%n",
            i,
            c.thread(),
            c.caller() == null ? "(outside)" : c.caller(),
            c.direct() ? "" : " ~",
            c.callee(),
            c.method());
      }
      out.println();
      all.edges.forEach((edge, n) -> out.printf("%4d  %s%n", n, edge));
    }
    System.out.println("window: " + window + ", until the next doFilter entry");
    System.out.println("method entries: " + calls.size() + " by thread " + byThread);
    System.out.println(
        "  from outside the library: "
            + outside
            + "; from ServletAnswer.write's entry on: "
            + (answerWriteAt < 0 ? "(never entered)" : calls.size() - answerWriteAt)
            + "; repeated tasks folded: "
            + repeats);
    System.out.println(
        "  left out: class initialisation "
            + initialisers.size()
            + " "
            + new TreeSet<>(initialisers)
            + "; background threads "
            + skippedThreads);
    System.out.println("1. types: " + byType.size());
    byType.forEach((type, n) -> System.out.printf("     %-50s %5d entries%n", type, n));
    System.out.println(
        "2. packages: "
            + packages.size()
            + " of "
            + mainPackages.size()
            + " in the module's main code "
            + packages.stream().map(p -> p.substring("fun.moonkey.".length())).toList());
    System.out.println(
        "3. hops: "
            + folded.hops
            + " call events with repeats folded ("
            + all.hops
            + " raw; "
            + all.indirect
            + " raw through non-library frames), "
            + all.edges.size()
            + " distinct edges");
    System.out.println(
        "4. servlet <-> logout crossings: "
            + folded.crossings()
            + " with repeats folded; raw "
            + all.crossings());
    System.out.println("trace and edges: " + options.get("trace"));
  }
}
