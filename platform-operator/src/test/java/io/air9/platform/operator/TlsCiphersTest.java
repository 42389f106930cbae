package io.air9.platform.operator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.OptionalInt;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;

class TlsCiphersTest {

  @Test
  void withoutC2ChaCha20IsOfferedFirstAndAesGcmStillOffered() {
    assertThat(TlsCiphers.choose(null, OptionalInt.of(1))).hasValueSatisfying(v -> {
      assertThat(v).startsWith("TLS_CHACHA20_POLY1305_SHA256,");
      assertThat(v.split(",")).contains("TLS_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256");
    });
  }

  @Test
  void withC2OrAnExplicitChoiceTheJdksSettingStays() {
    assertThat(TlsCiphers.choose(null, OptionalInt.of(4))).isEmpty();
    assertThat(TlsCiphers.choose("TLS_AES_256_GCM_SHA384", OptionalInt.of(1))).isEmpty();
    assertThat(TlsCiphers.choose(null, OptionalInt.empty())).isEmpty();
  }

  @Test
  void everyOfferedSuiteIsOneThisJdkSupports() throws Exception {
    assertThat(Arrays.asList(SSLContext.getDefault().getSupportedSSLParameters().getCipherSuites()))
        .containsAll(TlsCiphers.CHACHA20_FIRST);
  }

  @Test
  void theLevelIsReadFromTheRunningJvm() {
    assertThat(TlsCiphers.tieredStopAtLevel()).isPresent();
  }
}
