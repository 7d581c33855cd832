package org.kakehashi.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.util.List;

/** The people, centers and round of the browser tests: four centers in four regions, their staff, a facilitator. */
final class Data {

  static final String COORDINATOR = "coord@example.jp";
  static final String COORDINATOR_PASSWORD = "coordinator-pass";
  static final String PASSWORD = "lantern-coast-2027";

  /** A staff member (e-mail, name, center code) as in people.csv. */
  record Staff(String email, String name, String center) {
  }

  static final List<Staff> STAFF = List.of(
      new Staff("sato.hanako@natori.example.jp", "佐藤 花子", "natori-chuo"),
      new Staff("takahashi.ken@matsue.example.jp", "高橋 健", "matsue-kita"),
      new Staff("higa.yui@naha.example.jp", "比嘉 結衣", "naha-shuri"),
      new Staff("suzuki.akira@susono.example.jp", "鈴木 明", "susono-higashi"));
  static final Staff FACILITATOR = new Staff("tanaka.megumi@kakehashi.example.jp", "田中 恵", null);

  static final String ROUND_TITLE = "2027年度 冬の合同研修";
  /** The second round of the screen tests (its session is held and has a reflection). */
  static final String SECOND_ROUND_TITLE = ROUND_TITLE + "（2回目）";
  static final String ROUND_DESCRIPTION = "ちがう地域の公民館どうしで、日々の実践をふりかえり学び合います。";

  /** A topic or prompt: key, Japanese, English. */
  record Label(String key, String ja, String en) {
  }

  static final List<Label> TOPICS = List.of(
      new Label("awareness", "振り返りと気づき", "Reflection and awareness"),
      new Label("future-staff", "目指す職員像", "The staff we want to become"));
  static final List<Label> PROMPTS = List.of(
      new Label("learned", "相手の公民館から学んだことは何ですか。", "What did you learn from your partner center?"),
      new Label("try", "自分の公民館で試してみたいことは何ですか。", "What would you like to try at your own center?"));

  private Data() {
  }

  static LocalDate today() {
    return LocalDate.now(ZoneId.of("Asia/Tokyo"));
  }

  /** The round's window: from next week for two months. */
  static LocalDate startsOn() {
    return today().plusDays(7);
  }

  static LocalDate endsOn() {
    return today().plusDays(70);
  }

  /** The first candidate time's day: a Saturday three weeks ahead (no center is closed on weekends). */
  static LocalDate firstSlotDay() {
    return today().plusDays(21).with(TemporalAdjusters.nextOrSame(DayOfWeek.SATURDAY));
  }

  static byte[] resource(String name) {
    try (InputStream in = Data.class.getClassLoader().getResourceAsStream("e2e/" + name)) {
      if (in == null) {
        throw new IllegalStateException("e2e/" + name + " is not on the class path");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A test resource written to a file, re-encoded (Japanese Excel saves Shift_JIS) when a charset is given. */
  static Path file(Path dir, String name, Charset charset) {
    try {
      byte[] bytes = resource(name);
      if (charset != null) {
        bytes = new String(bytes, StandardCharsets.UTF_8).replace("\uFEFF", "").replace("\n", "\r\n").getBytes(charset);
      }
      return Files.write(dir.resolve(name), bytes);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
