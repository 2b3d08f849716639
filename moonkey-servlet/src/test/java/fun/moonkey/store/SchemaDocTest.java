package fun.moonkey.store;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The README and docs/clusters.md show the tables exactly as the library creates them. */
class SchemaDocTest {

  private static String normalised(String sql) {
    return sql.replaceAll("\\s+", " ").replace("( ", "(").replace(" )", ")").strip();
  }

  @Test
  void theDocumentedStatementsAreTheLibrarys() throws Exception {
    List<String> statements = new ArrayList<>(Schema.ddl(Schema.PENDING));
    statements.addAll(Schema.ddl(Schema.REVOKED));
    statements.addAll(Schema.ddl(Schema.REVOKED_HEAD));
    for (String page : List.of("../README.md", "../docs/clusters.md")) {
      String text = normalised(Files.readString(Path.of(page), StandardCharsets.UTF_8));
      for (String statement : statements) {
        assertTrue(text.contains(normalised(statement) + ";"), page + " shows: " + statement);
      }
    }
  }
}
