package org.kakehashi.reflections;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.kakehashi.support.TestDatabase;
import org.kakehashi.support.TestServer;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * V42 turns the stored analyses of an installation (one JSON document per note, as V40–V41 kept them)
 * into the column form, V44 the columns into one bytea per note, and what the summaries read back is the
 * analysis the notes had.
 */
class PhraseMigrationTest {

  static final Map<String, String> NOTE_1 = answers("aware", "多文化共生の取り組みを名取市で聞いた。防災マップづくりに驚きました😊次は子ども食堂へ！",
      "partner", "LINE公式アカウントで広報する方法を持ち帰ります。");
  static final Map<String, String> NOTE_2 = answers("aware", "We learned how the Matsue center runs evening classes. Volunteers lead them.",
      "partner", "防災訓練と多言語案内。");

  @Test
  @DisplayName("V42 and V44 convert the JSON analyses of earlier versions into the bytes that read back as the same analyses")
  void convertsExistingRows() throws Exception {
    String url = TestDatabase.fresh();
    String jdbc = "jdbc:postgresql://localhost:" + TestDatabase.server().port() + "/" + url.substring(url.lastIndexOf('/') + 1);
    Flyway.configure().dataSource(jdbc, "postgres", "").locations("classpath:db/migration").target("41").load().migrate();
    PhraseRanking.Analysis a1 = PhraseRanking.Analysis.of(NOTE_1);
    PhraseRanking.Analysis a2 = PhraseRanking.Analysis.of(NOTE_2);
    try (Connection c = DriverManager.getConnection(jdbc, "postgres", "")) {
      try (Statement s = c.createStatement()) {
        // Rows as V41 left them, without their parents (foreign keys and triggers off for this connection).
        s.execute("SET session_replication_role = replica");
      }
      insert(c, 1, 1, 3, a1, v41Detail(a1));
      insert(c, 1, 2, 3, a2, v41Detail(a2));
      insert(c, 1, 3, 2, a2, new JsonObject().put("w", new JsonArray())); // an older analyser: redone later
      Map<String, Integer> df = new HashMap<>();
      for (PhraseRanking.Analysis a : List.of(a1, a2, a2)) {
        for (String k : a.keyArray()) {
          df.merge(k, 1, Integer::sum);
        }
      }
      try (PreparedStatement p = c.prepareStatement("INSERT INTO phrase_frequency (key, notes) VALUES (?, ?)")) {
        for (Map.Entry<String, Integer> e : df.entrySet()) {
          p.setString(1, e.getKey());
          p.setInt(2, e.getValue());
          p.addBatch();
        }
        p.executeBatch();
      }
    }

    TestServer server = new TestServer(json -> json.getJsonObject("database").put("url", url));
    server.beforeAll(null);
    try {
      // V42 converted the rows of analyser 3; the analyser has moved on since (they would be redone), so to read
      // back what V42 wrote they are marked current here.
      server.sql("UPDATE reflection_phrases SET analyser = " + PhraseRanking.ANALYSER + " WHERE analyser = 3");
      List<PhraseStore.Stored> stored = PhraseStore.stored(server.pool(), List.of(1L)).await();
      assertThat(stored).hasSize(2);
      Map<List<Long>, PhraseRanking.Analysis> read = PhraseStore.unpack(stored,
          PhraseStore.background(server.pool(), List.of(1L)).await());
      assertSame(read.get(List.of(1L, 1L)), a1);
      assertSame(read.get(List.of(1L, 2L)), a2);
      assertThat(server.sql("SELECT analyser FROM reflection_phrases WHERE person_id = 3").iterator().next()
          .getInteger("analyser")).isEqualTo(2);
      assertThat(server.sql("SELECT count(*) AS n FROM information_schema.columns WHERE table_name = 'reflection_phrases'"
          + " AND column_name = 'detail'").iterator().next().getLong("n")).isZero();
      // V44 wrote, in SQL, the very bytes AnalysisBytes writes for the same analysis and phrase ids.
      Map<String, Integer> ids = new HashMap<>();
      server.sql("SELECT key, id FROM phrase_frequency").forEach(r -> ids.put(r.getString("key"), r.getInteger("id")));
      for (int person = 1; person <= 2; person++) {
        PhraseRanking.Analysis a = person == 1 ? a1 : a2;
        int[] own = java.util.Arrays.stream(a.keyArray()).mapToInt(ids::get).toArray();
        byte[] bytes = server.sql("SELECT analysis FROM reflection_phrases WHERE person_id = $1", (long) person).iterator().next()
            .getBuffer("analysis").getBytes();
        assertThat(bytes).isEqualTo(AnalysisBytes.encode(own, a.pack()));
      }
      assertThat(server.sql("SELECT count(*) AS n FROM information_schema.columns WHERE table_name = 'reflection_phrases'"
          + " AND column_name IN ('ids', 'spellings', 'prompts', 'prompt_languages', 'prompt_keys', 'sentences')").iterator().next()
          .getLong("n")).isZero();
    } finally {
      server.afterAll(null);
    }
  }

  private static void assertSame(PhraseRanking.Analysis read, PhraseRanking.Analysis written) {
    assertThat(read).isNotNull();
    assertThat(new ArrayList<>(read.keys().entrySet())).isEqualTo(new ArrayList<>(written.keys().entrySet()));
    assertThat(read.byPrompt()).isEqualTo(written.byPrompt());
    assertThat(read.sentences()).isEqualTo(written.sentences());
    assertThat(read.languages()).isEqualTo(written.languages());
    assertThat(read.sentences()).isNotEmpty();
  }

  private static void insert(Connection c, long session, long person, int analyser, PhraseRanking.Analysis a,
                             JsonObject detail) throws Exception {
    try (PreparedStatement p = c.prepareStatement("INSERT INTO reflection (session_id, person_id, answers, visibility, quote_as)"
        + " VALUES (?, ?, '{}', 'partners', 'name')")) {
      p.setLong(1, session);
      p.setLong(2, person);
      p.execute();
    }
    try (PreparedStatement p = c.prepareStatement("INSERT INTO reflection_phrases (session_id, person_id, analyser, keys,"
        + " detail, languages) VALUES (?, ?, ?, ?, ?::jsonb, ?)")) {
      p.setLong(1, session);
      p.setLong(2, person);
      p.setInt(3, analyser);
      p.setArray(4, c.createArrayOf("text", a.keyArray()));
      p.setString(5, detail.encode());
      p.setArray(6, c.createArrayOf("text", a.languageArray()));
      p.execute();
    }
  }

  /** The document V40–V41 stored: {"w":[…], "p":{prompt:[i…]}, "s":[[prompt,start,end,[i…]]…], "l":{prompt:lang}}. */
  static JsonObject v41Detail(PhraseRanking.Analysis a) {
    List<String> order = new ArrayList<>(a.keys().keySet());
    JsonArray written = new JsonArray();
    order.forEach(k -> written.add(a.keys().get(k).equals(k) ? null : a.keys().get(k)));
    JsonObject prompts = new JsonObject();
    a.byPrompt().forEach((p, ks) -> prompts.put(p, new JsonArray(ks.stream().map(order::indexOf).toList())));
    JsonArray s = new JsonArray();
    a.sentences().forEach(x -> s.add(new JsonArray().add(x.prompt()).add(x.start()).add(x.end())
        .add(new JsonArray(x.keys().stream().map(order::indexOf).toList()))));
    return new JsonObject().put("w", written).put("p", prompts).put("s", s)
        .put("l", new JsonObject(new LinkedHashMap<>(a.languages())));
  }

  private static Map<String, String> answers(String... kv) {
    Map<String, String> out = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      out.put(kv[i], kv[i + 1]);
    }
    return out;
  }
}
