package fun.moonkey.benchmarks;

import java.net.URI;
import java.util.List;

/**
 * What wrk sends in one section: a script of this jar, the URL it starts from and the script's
 * arguments (after {@code --}).
 */
record WrkJob(String script, URI url, List<String> args) {

  /** Copies the list. */
  WrkJob {
    args = List.copyOf(args);
  }
}
