package org.kakehashi.reflections;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.kakehashi.support.Fixtures;
import org.kakehashi.support.TestServer;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The background statistics follow each note written, edited and removed, in its transaction, and
 * always equal a recount over all notes' analyses (README, "Reflection summaries").
 */
class PhraseStatisticsTest {

  @RegisterExtension
  static TestServer server = new TestServer();
  static final Fixtures fixtures = new Fixtures(server);

  static final String PW = "statistics-password-1";

  @Test
  @DisplayName("write, edit and removal (by cascade) keep phrase_frequency and phrase_notes equal to a recount")
  void incremental() {
    long center = fixtures.center("st", "ST公民館", "名取市", "宮城県");
    long other = fixtures.center("su", "SU公民館", "松江市", "島根県");
    long round = fixtures.round("統計").dates("2026-01-01", "2026-12-31").status("running").prompt("aware", "気づき", "Noticed")
        .centers(center, other).create();
    long session = fixtures.session(round, fixtures.pair(round, center, other)).inMinutes(-120, 60).held().create();
    String[] texts = {"多文化共生の取り組みと子ども食堂の話。", "防災訓練と子ども食堂を学んだ。", "LINE公式アカウントで広報した。"};
    long[] people = new long[texts.length];
    for (int i = 0; i < texts.length; i++) {
      people[i] = server.person("st" + i + "@example.jp", center, PW);
      assertThat(fixtures.register(session, people[i]).status()).isEqualTo("confirmed");
      assertThat(server.signedIn("st" + i + "@example.jp", PW).put("/api/sessions/" + session + "/reflections/me",
          new JsonObject().put("answers", new JsonObject().put("aware", texts[i])).put("visibility", "partners")).status())
          .isEqualTo(200);
    }
    assertThat(frequency()).containsEntry("子ども食堂", 2).containsEntry("多文化共生", 1).containsEntry("line公式アカウント", 1);
    assertConsistent(3);

    assertThat(server.signedIn("st0@example.jp", PW).put("/api/sessions/" + session + "/reflections/me",
        new JsonObject().put("answers", new JsonObject().put("aware", "多言語案内を始めたい。")).put("visibility", "partners"))
        .status()).isEqualTo(200);
    assertThat(frequency()).containsEntry("子ども食堂", 1).containsEntry("多文化共生", 0).containsEntry("多言語案内", 1);
    assertConsistent(3);

    // Written by SQL: the note is marked on write and analysed before the next summary reads.
    assertThat(pending()).isZero();
    server.sql("UPDATE reflection SET answers = '{\"aware\": \"多文化共生を広報した。\"}' WHERE person_id = $1", people[2]);
    assertThat(pending()).isEqualTo(1);
    assertThat(server.coordinator().get("/api/sessions/" + session + "/reflections/summary").status()).isEqualTo(200);
    assertThat(pending()).isZero();
    assertThat(frequency()).containsEntry("line公式アカウント", 0).containsEntry("多文化共生", 1);
    assertConsistent(3);
    server.sql("UPDATE reflection SET visibility = 'network' WHERE person_id = $1", people[2]);
    assertThat(pending()).as("only a change of the text marks a note").isZero();

    server.sql("DELETE FROM person WHERE id = $1", people[1]);
    assertThat(frequency()).containsEntry("子ども食堂", 0).containsEntry("防災訓練", 0);
    assertConsistent(2);
  }

  /** Notes marked as not yet analysed (README, "How reflections are summarised", Statistics). */
  private static long pending() {
    return server.sql("SELECT count(*) AS n FROM reflection WHERE phrases_pending").iterator().next().getLong("n");
  }

  private static Map<String, Integer> frequency() {
    Map<String, Integer> out = new HashMap<>();
    for (Row r : server.sql("SELECT key, notes FROM phrase_frequency")) {
      out.put(r.getString("key"), r.getInteger("notes"));
    }
    return out;
  }

  private static void assertConsistent(long notes) {
    assertThat(server.sql("SELECT notes FROM phrase_notes").iterator().next().getLong("notes")).isEqualTo(notes);
    assertThat(server.sql("SELECT count(*) AS n FROM reflection").iterator().next().getLong("n")).isEqualTo(notes);
    Map<String, Integer> recount = new HashMap<>();
    for (Row r : server.sql("SELECT k, count(*)::int AS n FROM reflection_phrases, unnest(keys) AS k GROUP BY k")) {
      recount.put(r.getString("k"), r.getInteger("n"));
    }
    Map<String, Integer> kept = new HashMap<>(frequency());
    kept.values().removeIf(v -> v == 0);
    assertThat(kept).isEqualTo(recount);
  }
}
