package org.kakehashi.reflections;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.kakehashi.platform.Passwords;
import org.kakehashi.support.Api;
import org.kakehashi.support.TestServer;

import java.io.StringReader;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Anonymous notes point to no one (README, "Security", anonymous notes): in the demo's held session, an attacker
 * with each reader's account (coordinator, the session's facilitator, staff of both centers and a guest)
 * tries every view and export — the notes listing, the session and round summaries with every center,
 * room and topic filter, their groups and per-center lines, the evidence of each phrase, the CSV — to tie
 * an anonymous note's text to a person, a center or a room. A note is attributable when its text (a
 * sentence, or a phrase no other note of the session uses) shows next to a name, person, center, room or
 * time, or in a part of a summary narrowed to a center, room or topic that holds fewer than three
 * anonymous notes. The count must be 0.
 */
class AnonymousNotesTest {

  @RegisterExtension
  static TestServer server = TestServer.demo();

  static final String PW = "demo-test-password";
  static final String DOMAIN = "@demo.kakehashi.example";

  /** An anonymous note of the held session and what identifies its writer. */
  record Anonymous(long personId, long centerId, Long roomId, String topic, List<String> sentences, Set<String> ownPhrases) {
  }

  static long held;
  static long roundId;
  static final List<Anonymous> anonymous = new ArrayList<>();
  static final Map<String, Api> readers = new HashMap<>();
  static final Set<Long> centers = new TreeSet<>();
  static final Set<Long> rooms = new TreeSet<>();
  static final Set<String> topics = new TreeSet<>();

  @BeforeAll
  static void setUp() {
    Row s = server.sql("SELECT id, round_id FROM session WHERE status = 'held'").iterator().next();
    held = s.getLong("id");
    roundId = s.getLong("round_id");
    List<String> staff = new ArrayList<>();
    for (Row r : server.sql("""
        SELECT p.email::text AS email FROM reflection f JOIN person p ON p.id = f.person_id
         WHERE f.session_id = $1 ORDER BY p.email""", held)) {
      staff.add(r.getString("email"));
    }
    List<String> accounts = new ArrayList<>(List.of("coordinator" + DOMAIN, "facilitator1" + DOMAIN));
    accounts.addAll(staff);
    server.sql("UPDATE person SET password_hash = $1 WHERE email::text = ANY ($2)", Passwords.hashNow(PW),
        accounts.toArray(String[]::new));
    for (String a : accounts) {
      readers.put(a, server.signedIn(a, PW));
    }
    // Every note's phrases, to find the phrases only one anonymous note uses.
    Map<Long, Set<String>> phrasesOf = new HashMap<>();
    List<Row> notes = new ArrayList<>();
    server.sql("""
        SELECT f.person_id, p.center_id, mm.room_id, COALESCE(rm.topic, g.topics[1]) AS topic, f.answers, f.quote_as
          FROM reflection f JOIN person p ON p.id = f.person_id
          LEFT JOIN registration g ON g.session_id = f.session_id AND g.person_id = f.person_id
          LEFT JOIN room_member mm ON mm.session_id = f.session_id AND mm.person_id = f.person_id
          LEFT JOIN room rm ON rm.id = mm.room_id
         WHERE f.session_id = $1""", held).forEach(notes::add);
    for (Row r : notes) {
      Set<String> keys = new HashSet<>();
      ReflectionStore.answers(r.getValue("answers")).values().forEach(t -> KeyPhrases.extract(t).forEach(p -> keys.add(p.key())));
      phrasesOf.put(r.getLong("person_id"), keys);
      centers.add(r.getLong("center_id"));
      if (r.getLong("room_id") != null) {
        rooms.add(r.getLong("room_id"));
      }
      if (r.getString("topic") != null) {
        topics.add(r.getString("topic"));
      }
    }
    for (Row r : notes) {
      if ("name".equals(r.getString("quote_as"))) {
        continue;
      }
      List<String> sentences = new ArrayList<>();
      ReflectionStore.answers(r.getValue("answers")).values().forEach(t -> Quotes.sentences(t).forEach(x -> {
        String sentence = t.substring(x[0], x[1]);
        if (sentence.length() >= 8) {
          sentences.add(sentence);
        }
      }));
      Set<String> own = new HashSet<>(phrasesOf.get(r.getLong("person_id")));
      phrasesOf.forEach((p, keys) -> {
        if (p != r.getLong("person_id")) {
          own.removeAll(keys);
        }
      });
      anonymous.add(new Anonymous(r.getLong("person_id"), r.getLong("center_id"), r.getLong("room_id"), r.getString("topic"),
          sentences, own));
    }
  }

  /** How many anonymous notes of a cell narrowed by center, room or topic (null: not narrowed). */
  static long inCell(Long center, Long room, String topic) {
    return anonymous.stream().filter(a -> (center == null || center == a.centerId())
        && (room == null || room.equals(a.roomId())) && (topic == null || topic.equals(a.topic()))).count();
  }

  static boolean showsText(Anonymous a, String text) {
    return a.sentences().stream().anyMatch(text::contains);
  }

  static boolean showsPhrase(Anonymous a, JsonArray phrases) {
    return phrases != null && phrases.stream().map(p -> ((JsonObject) p).getString("key")).anyMatch(a.ownPhrases()::contains);
  }

  @Test
  @DisplayName("no view or export of the demo's held session ties an anonymous note to its writer, center or room: 0 attributable")
  void nothingAttributable() throws Exception {
    assertThat(anonymous).as("the demo's held session has anonymous notes").hasSizeGreaterThanOrEqualTo(3);
    Set<Long> attributable = new TreeSet<>();

    // 1. The notes listing, for every reader.
    readers.forEach((who, api) -> {
      Api.Res res = api.get("/api/sessions/" + held + "/reflections");
      assertThat(res.status()).as(who).isEqualTo(200);
      for (Object o : res.array("notes")) {
        JsonObject n = (JsonObject) o;
        if ("name".equals(n.getString("quoteAs")) || n.getBoolean("mine")) {
          continue;
        }
        boolean marked = n.containsKey("personId") || n.containsKey("author") || n.containsKey("centerId")
            || n.containsKey("roomId") || n.containsKey("updatedAt");
        for (Anonymous a : anonymous) {
          if (marked && showsText(a, n.getJsonObject("answers").encode())) {
            attributable.add(a.personId());
          }
        }
      }
    });

    // 2. Summaries narrowed to each center, room and topic, and the groups and per-center lines of the whole.
    for (String who : List.of("coordinator" + DOMAIN, "facilitator1" + DOMAIN)) {
      Api api = readers.get(who);
      for (String base : List.of("/api/sessions/" + held + "/reflections/summary", "/api/rounds/" + roundId + "/reflections/summary")) {
        List<String> filters = new ArrayList<>();
        centers.forEach(c -> filters.add("center=" + c));
        rooms.forEach(r -> filters.add("room=" + r));
        topics.forEach(t -> filters.add("topic=" + URLEncoder.encode(t, StandardCharsets.UTF_8)));
        for (String f : filters) {
          Api.Res res = api.get(base + "?" + f);
          assertThat(res.status()).as(base + "?" + f).isEqualTo(200);
          JsonObject s = res.json();
          Long center = f.startsWith("center=") ? Long.valueOf(f.substring(7)) : null;
          Long room = f.startsWith("room=") ? Long.valueOf(f.substring(5)) : null;
          String topic = f.startsWith("topic=") ? java.net.URLDecoder.decode(f.substring(6), StandardCharsets.UTF_8) : null;
          if (inCell(center, room, topic) >= Summarizer.MIN_ANONYMOUS) {
            continue;
          }
          for (Anonymous a : anonymous) {
            boolean inThisCell = (center == null || center == a.centerId()) && (room == null || room.equals(a.roomId()))
                && (topic == null || topic.equals(a.topic()));
            if (inThisCell && (showsText(a, s.getJsonArray("quotes").encode()) || showsText(a, s.getJsonArray("pairs").encode())
                || showsPhrase(a, s.getJsonArray("keyPhrases")))) {
              attributable.add(a.personId());
            }
          }
        }
        JsonObject whole = api.get(base).json();
        for (String group : List.of("byCenter", "byRoom", "byTopic")) {
          whole.getJsonObject(group).forEach(e -> {
            String k = e.getKey();
            Long center = group.equals("byCenter") ? Long.valueOf(k) : null;
            Long room = group.equals("byRoom") ? Long.valueOf(k) : null;
            String topic = group.equals("byTopic") ? k : null;
            if (inCell(center, room, topic) >= Summarizer.MIN_ANONYMOUS) {
              return;
            }
            for (Anonymous a : anonymous) {
              boolean inThisCell = (center == null || center == a.centerId()) && (room == null || room.equals(a.roomId()))
                  && (topic == null || topic.equals(a.topic()));
              if (inThisCell && showsPhrase(a, ((JsonObject) e.getValue()).getJsonArray("keyPhrases"))) {
                attributable.add(a.personId());
              }
            }
          });
        }
        for (Object o : whole.getJsonArray("pairs")) {
          JsonObject p = (JsonObject) o;
          long center = p.getLong("centerId");
          if (inCell(center, null, null) >= Summarizer.MIN_ANONYMOUS) {
            continue;
          }
          for (Anonymous a : anonymous) {
            if (a.centerId() == center && (showsText(a, p.getJsonArray("tookAway").encode()) || showsPhrase(a, p.getJsonArray("keyPhrases")))) {
              attributable.add(a.personId());
            }
          }
        }
        // 3. The evidence of every phrase: never with a name next to an anonymous sentence.
        String evidence = base.replace("/summary", "/evidence");
        for (Anonymous a : anonymous) {
          for (String key : a.ownPhrases()) {
            Api.Res res = api.get(evidence + "?key=" + URLEncoder.encode(key, StandardCharsets.UTF_8));
            assertThat(res.status()).as(res.toString()).isEqualTo(200);
            for (Object o : res.json().getJsonArray("notes")) {
              JsonObject n = (JsonObject) o;
              if ((n.containsKey("author") || n.containsKey("centerId") || n.containsKey("personId"))
                  && showsText(a, n.getJsonArray("sentences").encode())) {
                attributable.add(a.personId());
              }
            }
          }
        }
      }

      // 4. The CSV export: an anonymous text never beside a center, city, topic, room or name.
      Api.Res csv = api.get("/api/rounds/" + roundId + "/reflections.csv");
      assertThat(csv.status()).isEqualTo(200);
      String text = new String(csv.raw().getBytes(), StandardCharsets.UTF_8).substring(1);
      for (CSVRecord r : CSVFormat.EXCEL.builder().setHeader().setSkipHeaderRecord(true).get().parse(new StringReader(text))) {
        boolean marked = !r.get("センター").isEmpty() || !r.get("市区町村").isEmpty() || !r.get("相手の市区町村").isEmpty()
            || !r.get("テーマ").isEmpty() || !r.get("ルーム").isEmpty() || !r.get("記入者").equals(ReflectionCsv.ANONYMOUS);
        for (Anonymous a : anonymous) {
          if (marked && showsText(a, String.join("\n", r.values()))) {
            attributable.add(a.personId());
          }
        }
      }
    }
    System.out.println("anonymous notes of the demo's held session: " + anonymous.size() + ", attributable: " + attributable.size());
    assertThat(attributable).as("anonymous notes attributable in the demo's held session").isEmpty();
  }

  @Test
  @DisplayName("an anonymous note in the listing has no person, center or time, and the order follows the text, not the writer")
  void listing() {
    JsonArray notes = readers.get("coordinator" + DOMAIN).get("/api/sessions/" + held + "/reflections").array("notes");
    assertThat(notes).hasSizeGreaterThanOrEqualTo(10);
    for (Object o : notes) {
      JsonObject n = (JsonObject) o;
      if (!"name".equals(n.getString("quoteAs"))) {
        assertThat(n.fieldNames()).doesNotContain("personId", "author", "centerId", "roomId", "updatedAt");
        assertThat(n.getJsonObject("answers")).isNotEmpty();
      }
    }
  }
}
