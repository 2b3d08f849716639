package fun.moonkey.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;

import fun.moonkey.config.ConfigKeys;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The sample's {@code web.xml} shows every filter init-param, so that users can copy from it. */
class WebXmlTest {

  @Test
  void webXmlNamesEveryConfigurationKey() throws Exception {
    String webXml =
        Files.readString(Path.of("src/main/webapp/WEB-INF/web.xml"), StandardCharsets.UTF_8);
    List<String> missing =
        ConfigKeys.ALL.stream()
            .filter(key -> !webXml.contains("<param-name>" + key + "</param-name>"))
            .toList();
    assertEquals(List.of(), missing, "keys not shown in web.xml");
  }
}
