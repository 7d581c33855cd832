package org.kakehashi.platform;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue #16: links in e-mails follow the port in use unless a public URL is set. */
class PublicUrlTest {

  @Test
  @DisplayName("the public URL defaults to localhost on the HTTP port in use, and a set one wins")
  void followsThePort() {
    assertThat(Config.load(Map.of(), List.of()).publicUrl()).isEqualTo("http://localhost:8080");
    assertThat(Config.load(Map.of("KAKEHASHI_HTTP_PORT", "9090"), List.of()).publicUrl()).isEqualTo("http://localhost:9090");
    assertThat(Config.load(Map.of("KAKEHASHI_HTTP_PORT", "9090", "KAKEHASHI_PUBLIC_URL", "https://kakehashi.example/"), List.of())
        .publicUrl()).isEqualTo("https://kakehashi.example");
  }
}
