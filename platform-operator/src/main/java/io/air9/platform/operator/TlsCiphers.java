package io.air9.platform.operator;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The TLS cipher suites the operator offers the API server, ChaCha20-Poly1305 first when the JVM runs without the
 * C2 compiler (the deployed operator: {@code -XX:TieredStopAtLevel=1}, the root pom says why). AES-GCM's GHASH is
 * fast only through C2's intrinsic (carry-less multiplication); compiled by C1 it runs as plain Java, and decrypting
 * the API server's watch streams and responses then took 12% of the operator's CPU in a burst of 300
 * (docs/benchmarks.md, "The JIT compilers"). ChaCha20-Poly1305 is one of TLS 1.3's three suites and needs no
 * intrinsic (about 5 times AES-GCM's speed under C1). The API server (Go) takes the client's choice of ChaCha20 when
 * it is first. Offered: the AEAD suites of TLS 1.3 and of TLS 1.2 with forward secrecy (Mozilla's "intermediate"
 * list), which every supported Kubernetes API server accepts. An explicit {@code -Djdk.tls.client.cipherSuites}
 * wins; with C2 the JDK's defaults stay.
 */
final class TlsCiphers {

  /** The JDK's system property for the client's enabled cipher suites, in order of preference. */
  static final String PROPERTY = "jdk.tls.client.cipherSuites";

  static final List<String> CHACHA20_FIRST = List.of(
      "TLS_CHACHA20_POLY1305_SHA256", "TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384",
      "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
      "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
      "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384");

  private TlsCiphers() {}

  /** Sets the property before anything uses TLS (the JDK reads it once), when {@link #choose} says so. */
  static void preferChaCha20WithoutC2() {
    choose(System.getProperty(PROPERTY), tieredStopAtLevel()).ifPresent(v -> System.setProperty(PROPERTY, v));
  }

  /** The suites to set (pure): none when some are configured or the C2 compiler (level 4) may run. */
  static Optional<String> choose(String configured, OptionalInt tieredStopAtLevel) {
    boolean withoutC2 = tieredStopAtLevel.isPresent() && tieredStopAtLevel.getAsInt() < 4;
    return configured != null || !withoutC2 ? Optional.empty() : Optional.of(String.join(",", CHACHA20_FIRST));
  }

  /** The JVM's {@code TieredStopAtLevel}; empty when it cannot be read (not HotSpot). */
  static OptionalInt tieredStopAtLevel() {
    try {
      return OptionalInt.of(Integer.parseInt(ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
          .getVMOption("TieredStopAtLevel").getValue()));
    } catch (RuntimeException e) {
      return OptionalInt.empty();
    }
  }
}
