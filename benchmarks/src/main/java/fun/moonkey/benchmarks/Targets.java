package fun.moonkey.benchmarks;

import java.util.ArrayList;
import java.util.List;

/** A section's "targets" table: each target, what this run measured, and whether it is met. */
final class Targets {

  /** Whether a target is met; {@code NOT_APPLICABLE} when its condition did not hold. */
  enum Met {
    YES("yes"),
    NO("**no**"),
    NOT_APPLICABLE("n/a");

    final String text;

    Met(String text) {
      this.text = text;
    }

    static Met of(boolean met) {
      return met ? YES : NO;
    }
  }

  private record Row(String target, String measured, Met met, String note) {}

  private final List<Row> rows = new ArrayList<>();

  /** Adds a row; {@code note} (may be empty) follows the verdict. */
  Targets add(String target, String measured, Met met, String note) {
    rows.add(new Row(target, measured, met, note));
    return this;
  }

  Targets add(String target, String measured, boolean met) {
    return add(target, measured, Met.of(met), "");
  }

  /** The Markdown table, followed by a blank line. */
  String markdown() {
    StringBuilder md = new StringBuilder("| target | measured | met |\n| --- | --- | --- |\n");
    for (Row row : rows) {
      md.append("| ")
          .append(row.target())
          .append(" | ")
          .append(row.measured())
          .append(" | ")
          .append(row.met().text)
          .append(row.note().isEmpty() ? "" : " (" + row.note() + ")")
          .append(" |\n");
    }
    return md.append('\n').toString();
  }
}
