package org.kakehashi.demo;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue #16: a restart with --demo on a directory that is not empty says how to sign in and how to start over. */
class DemoRestartTest {

  @Test
  @DisplayName("the restart message names the demo account, says the password is not kept, and the directory to delete")
  void saysHowToStartOver() {
    String embedded = DemoData.startOver(Path.of("data"));
    assertThat(embedded).contains("coordinator@" + DemoData.DOMAIN).contains("--demo")
        .contains(Path.of("data").toAbsolutePath().normalize().toString()).contains("not stored");
    assertThat(DemoData.startOver(null)).contains("external database").doesNotContain(Path.of("data").toAbsolutePath().toString());
  }
}
