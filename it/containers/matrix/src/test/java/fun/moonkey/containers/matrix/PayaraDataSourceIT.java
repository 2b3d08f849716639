package fun.moonkey.containers.matrix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import fun.moonkey.containers.Jdks;
import fun.moonkey.containers.Launch;
import fun.moonkey.containers.PayaraMicroServer;
import fun.moonkey.containers.matrix.Scenarios.Pages;
import fun.moonkey.emulator.EmulatedSession;
import fun.moonkey.emulator.MoonKeyEmulator;
import fun.moonkey.emulator.Reply;
import fun.moonkey.testing.TestPostgres;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;

/**
 * The shared pending store on Payara Micro 6, its {@code DataSource} declared as a Payara user does
 * it inside the WAR: {@code WEB-INF/glassfish-resources.xml} (a pool and a {@code
 * java:app/jdbc/moonkey} resource) and the PostgreSQL driver in {@code WEB-INF/lib}.
 */
class PayaraDataSourceIT {

  private static final Duration START_TIMEOUT = Duration.ofSeconds(240);

  @Test
  void aRevocationPendingOnPayaraIsInTheSharedTableAndDeliveredWhenMoonKeyIsBack()
      throws Exception {
    assumeTrue(TestPostgres.available(), TestPostgres.unavailableReason());
    try (TestPostgres postgres = TestPostgres.start();
        MoonKeyEmulator moonKey = MoonKeyEmulator.start()) {
      Path war = withDataSource(MatrixSettings.war("war-webxml"), postgres);
      Launch launch =
          new Launch(
              "payara6-datasource",
              MatrixSettings.workDir("payara6-datasource"),
              Jdks.current(),
              MatrixSettings.server("payara6-jar"),
              Map.of("webxml", war),
              Map.of(
                  "MOONKEY_API_URL", moonKey.baseUri().toString(),
                  "MOONKEY_SECRET_KEY", moonKey.secretKey(),
                  "MOONKEY_PENDING_STORE", "jdbc:java:app/jdbc/moonkey"),
              List.of());
      try (PayaraMicroServer payara = PayaraMicroServer.start(launch, Map.of())) {
        payara.awaitReady("webxml", Pages.SERVLET.me(), status -> status == 401, START_TIMEOUT);
        URI app = payara.base("webxml");
        Browser browser = new Browser();
        EmulatedSession session = Scenarios.signIn(browser, app, Pages.SERVLET, moonKey);
        moonKey.setDefaultReply(Reply.status(503));

        HttpResponse<String> answer = browser.postForm(app.resolve(Pages.SERVLET.logout()), "");

        assertEquals(303, answer.statusCode(), answer.body());
        assertEquals(
            1,
            SharedDatabase.awaitPendingRows(postgres.dataSource(), 1, Duration.ofSeconds(10)),
            "queued in the shared table\n" + payara.process().logTail());
        moonKey.setDefaultReply(null);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (moonKey.isActive(session.id()) && System.nanoTime() < deadline) {
          LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
        }
        assertFalse(moonKey.isActive(session.id()), "delivered once MoonKey was back");
        long rowDeadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (SharedDatabase.pendingRows(postgres.dataSource()) != 0
            && System.nanoTime() < rowDeadline) {
          LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
        }
        assertEquals(0, SharedDatabase.pendingRows(postgres.dataSource()), "and its row deleted");
        assertTrue(
            payara.process().log().contains("pending-store=jdbc:java:app/jdbc/moonkey"),
            "the filter started with the shared store");
      }
    }
  }

  /** The WAR as a Payara user ships it: the resources file and the driver added. */
  private static Path withDataSource(Path war, TestPostgres postgres) throws Exception {
    Path driver = SharedDatabase.driverJar();
    String resources =
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <!DOCTYPE resources PUBLIC "-//GlassFish.org//DTD GlassFish Application Server 3.1 Resource Definitions//EN" "http://glassfish.org/dtds/glassfish-resources_1_5.dtd">
        <resources>
          <jdbc-connection-pool name="java:app/moonkey-pool" res-type="javax.sql.DataSource"
                                datasource-classname="org.postgresql.ds.PGSimpleDataSource">
            <property name="url" value="%s"/>
            <property name="user" value="postgres"/>
            <property name="password" value="not-checked"/>
          </jdbc-connection-pool>
          <jdbc-resource pool-name="java:app/moonkey-pool" jndi-name="java:app/jdbc/moonkey"/>
        </resources>
        """
            .formatted(postgres.jdbcUrl());
    Path out = MatrixSettings.workDir("war-webxml-datasource.war");
    Files.createDirectories(out.getParent());
    try (ZipInputStream in = new ZipInputStream(Files.newInputStream(war));
        ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(out))) {
      ZipEntry entry;
      while ((entry = in.getNextEntry()) != null) {
        zip.putNextEntry(new ZipEntry(entry.getName()));
        in.transferTo(zip);
        zip.closeEntry();
      }
      zip.putNextEntry(new ZipEntry("WEB-INF/glassfish-resources.xml"));
      zip.write(resources.getBytes(StandardCharsets.UTF_8));
      zip.closeEntry();
      zip.putNextEntry(new ZipEntry("WEB-INF/lib/postgresql.jar"));
      try (InputStream jar = Files.newInputStream(driver)) {
        jar.transferTo(zip);
      }
      zip.closeEntry();
    }
    return out;
  }
}
