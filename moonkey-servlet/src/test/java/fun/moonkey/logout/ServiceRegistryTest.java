package fun.moonkey.logout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import fun.moonkey.config.MoonKeyConfig;
import fun.moonkey.credential.Credential;
import fun.moonkey.credential.CredentialType;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class ServiceRegistryTest {

  private static MoonKeyConfig config(Duration timeout) {
    return MoonKeyConfig.builder()
        .secretKey("sk_test_registry")
        .apiUrl(URI.create("http://127.0.0.1:9"))
        .timeout(timeout)
        .build();
  }

  private static final Credential TOKEN =
      new Credential(CredentialType.SESSION_TOKEN, "tok_1", "test");

  @Test
  void configurationsBuiltAlikeAreEqual() {
    assertEquals(config(Duration.ofSeconds(2)), config(Duration.ofSeconds(2)));
    assertEquals(
        config(Duration.ofSeconds(2)).hashCode(), config(Duration.ofSeconds(2)).hashCode());
    assertNotEquals(config(Duration.ofSeconds(2)), config(Duration.ofSeconds(3)));
  }

  @Test
  void sameConfigurationSharesOneServiceUntilTheLastLeaseCloses() {
    ServiceRegistry registry = new ServiceRegistry();
    ServiceRegistry.Lease filter = registry.acquire(config(Duration.ofSeconds(2)));
    ServiceRegistry.Lease resource = registry.acquire(config(Duration.ofSeconds(2)));
    assertSame(filter.service(), resource.service());
    assertEquals(1, registry.size());

    filter.close();
    filter.close();
    assertEquals(1, registry.size());
    // Still open: a revoke is accepted (it fails later at the closed port, not here).
    resource.service().revoker().revoke(TOKEN);

    resource.close();
    assertEquals(0, registry.size());
    IllegalStateException closed =
        assertThrows(IllegalStateException.class, () -> resource.service().revoker().revoke(TOKEN));
    assertEquals("SessionRevoker is closed", closed.getMessage());
  }

  @Test
  void differentConfigurationsGetDifferentServices() {
    ServiceRegistry registry = new ServiceRegistry();
    try (ServiceRegistry.Lease a = registry.acquire(config(Duration.ofSeconds(2)));
        ServiceRegistry.Lease b = registry.acquire(config(Duration.ofSeconds(3)))) {
      assertNotSame(a.service(), b.service());
      assertEquals(2, registry.size());
    }
    assertEquals(0, registry.size());
  }

  @Test
  void aServiceReleasedByAllIsStartedAfreshOnTheNextAcquire() {
    ServiceRegistry registry = new ServiceRegistry();
    ServiceRegistry.Lease first = registry.acquire(config(Duration.ofSeconds(2)));
    LogoutService old = first.service();
    first.close();
    try (ServiceRegistry.Lease second = registry.acquire(config(Duration.ofSeconds(2)))) {
      assertNotSame(old, second.service());
    }
  }

  @Test
  void anExportSeesRunningAndLaterServicesAndWithdrawsEachWhenItStops() throws Exception {
    ServiceRegistry registry = new ServiceRegistry();
    List<String> log = new CopyOnWriteArrayList<>();
    ServiceRegistry.Lease first = registry.acquire(config(Duration.ofSeconds(2)));
    AutoCloseable export =
        registry.exportTo(
            (metrics, context, id) -> {
              log.add("export " + context);
              return () -> log.add("withdraw " + context);
            });
    assertEquals(List.of("export application"), log);

    ServiceRegistry.Lease second = registry.acquire(config(Duration.ofSeconds(3)));
    assertEquals(List.of("export application", "export application"), log);

    first.close();
    assertEquals(3, log.size());
    assertEquals("withdraw application", log.get(2));

    export.close();
    assertEquals(4, log.size());
    second.close();
    // Withdrawn once: the service that stops after the export closed is not withdrawn again.
    assertEquals(4, log.size());
  }
}
