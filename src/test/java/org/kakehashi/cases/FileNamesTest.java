package org.kakehashi.cases;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Attachment names: what is refused on upload, and the Content-Disposition of a download (RFC 6266, RFC 5987). */
class FileNamesTest {

  @Test
  @DisplayName("names with path parts, control or bidi characters, or over 200 characters are refused; Japanese names pass")
  void problems() {
    assertThat(FileNames.problem("防災訓練の記録 2026.pdf")).isNull();
    assertThat(FileNames.problem("../a.pdf")).isEqualTo("path");
    assertThat(FileNames.problem("C:\\a.pdf")).isEqualTo("path");
    assertThat(FileNames.problem("a\u0000.pdf")).isEqualTo("control_chars");
    assertThat(FileNames.problem("a\u202Efdp.exe")).isEqualTo("control_chars");
    assertThat(FileNames.problem("a\u2066b.pdf")).isEqualTo("control_chars");
    assertThat(FileNames.problem("あ".repeat(201))).isEqualTo("too_long");
    assertThat(FileNames.problem("あ".repeat(200))).isNull();
    assertThat(FileNames.problem(" ")).isEqualTo("required");
    assertThat(FileNames.problem("..")).isEqualTo("path");
  }

  @Test
  @DisplayName("Content-Disposition: attachment, an ASCII fallback without quotes, the UTF-8 name percent-encoded as RFC 5987 attr-chars")
  void disposition() {
    assertThat(FileNames.contentDisposition("報告 \"最終\".pdf"))
        .isEqualTo("attachment; filename=\"__ ____.pdf\"; filename*=UTF-8''%E5%A0%B1%E5%91%8A%20%22%E6%9C%80%E7%B5%82%22.pdf");
    assertThat(FileNames.contentDisposition("../../etc/passwd")).isEqualTo("attachment; filename=\"passwd\"; filename*=UTF-8''passwd");
    assertThat(FileNames.contentDisposition("a\r\nSet-Cookie: x.pdf")).doesNotContain("\r").doesNotContain("\n");
    assertThat(FileNames.contentDisposition("..")).contains("filename*=UTF-8''file");
    // attr-char = ALPHA / DIGIT / "!" / "#" / "$" / "&" / "+" / "-" / "." / "^" / "_" / "`" / "|" / "~"
    String ext = FileNames.contentDisposition("a!#$&+-.^_`|~b").split("filename\\*=UTF-8''")[1];
    assertThat(ext).isEqualTo("a!#$&+-.^_`|~b");
  }
}
