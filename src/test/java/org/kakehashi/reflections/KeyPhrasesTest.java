package org.kakehashi.reflections;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class KeyPhrasesTest {

  static List<String> written(String text) {
    return KeyPhrases.extract(text).stream().map(KeyPhrases.Phrase::text).toList();
  }

  @Test
  @DisplayName("Japanese: 公民館, 地域, オンライン stay whole; 生涯学習センター and 名取市 are compounds; no particles")
  void japaneseWordsAndCompounds() {
    List<String> phrases = written("名取市の公民館では地域の人がオンラインで集まり、生涯学習センターの職員と話しました。");
    assertThat(phrases).contains("名取市", "公民館", "地域", "オンライン", "生涯学習センター", "職員");
    assertThat(phrases).doesNotContain("の", "で", "は", "が", "と", "ました", "名取", "市", "生涯", "学習", "センター",
        "センタ", "人");
    assertThat(String.join("", phrases)).doesNotContain("の", "が", "で");
  }

  @Test
  @DisplayName("Japanese: pronouns, numbers, dependent nouns and general words are left out; symbols and emoji break phrases")
  void japaneseNoise() {
    assertThat(written("公民館どうしがつながる。佐藤さんの話。")).contains("公民館", "佐藤").doesNotContain("公民館どうし", "佐藤さん");
    assertThat(written("Small steps: 名取市の公民館")).contains("steps", "名取市").doesNotContain("steps:");
    assertThat(written("Natori's youth council")).contains("Natori", "youth council").doesNotContain("Natori's");
    List<String> phrases = written("私たちも3回やってみたい。ワークショップで気づいたことは、住民の声を聴くことの大切さです😊今回は自分も楽しかった。");
    assertThat(phrases).contains("ワークショップ", "住民");
    assertThat(phrases).doesNotContain("私", "私たち", "たち", "3", "3回", "回", "こと", "今回", "自分", "😊");
    assertThat(written("松江市の取り組みから子育て支援のアイデアを学んだ")).contains("松江市", "取り組み", "子育て支援", "アイデア");
  }

  @Test
  @DisplayName("written form is kept: the katakana long vowel (センター) and full-width letters as typed; keys group spellings")
  void writtenForm() {
    List<KeyPhrases.Phrase> p = KeyPhrases.extract("ＺＯＯＭのブレイクアウトルームとセンター");
    assertThat(p).extracting(KeyPhrases.Phrase::text).contains("ＺＯＯＭ", "ブレイクアウトルーム", "センター");
    assertThat(p.stream().filter(x -> x.text().equals("ＺＯＯＭ")).findFirst().orElseThrow().key()).isEqualTo("zoom");
  }

  @Test
  @DisplayName("English: noun phrases, stop words and generic adjectives out, written form shown, plural and singular counted together")
  void english() {
    List<KeyPhrases.Phrase> p = KeyPhrases.extract("The community centers in Matsue run a great youth program. "
        + "Our community center should try the youth program too.");
    assertThat(p).extracting(KeyPhrases.Phrase::text).contains("community centers", "youth program", "Matsue")
        .doesNotContain("The", "the", "in", "a", "too", "should", "great youth program", "run", "try");
    KeyPhrases.Counter c = new KeyPhrases.Counter();
    c.addNote(KeyPhrases.distinct(KeyPhrases.extract("Community centers are small.")));
    c.addNote(KeyPhrases.distinct(KeyPhrases.extract("Our community centers, and one community center.")));
    c.addNote(KeyPhrases.distinct(KeyPhrases.extract("Volunteers in Natori.")));
    List<KeyPhrases.Ranked> top = c.top(10, 1);
    assertThat(top.get(0)).isEqualTo(new KeyPhrases.Ranked("community center", "community centers", 2));
    assertThat(top).extracting(KeyPhrases.Ranked::phrase).contains("Natori", "Volunteers")
        .doesNotContain("community", "center", "community center", "small");
  }

  @Test
  @DisplayName("a phrase is counted once per note however often the note repeats it")
  void oncePerNote() {
    KeyPhrases.Counter c = new KeyPhrases.Counter();
    c.addNote(KeyPhrases.distinct(KeyPhrases.extract("公民館、公民館、公民館。地域の公民館。")));
    c.addNote(KeyPhrases.distinct(KeyPhrases.extract("名取市の公民館を見学した。")));
    c.addNote(KeyPhrases.distinct(KeyPhrases.extract("オンラインで話した。")));
    List<KeyPhrases.Ranked> top = c.top(10, 1);
    assertThat(top.get(0)).isEqualTo(new KeyPhrases.Ranked("公民館", "公民館", 2));
    assertThat(c.count("地域")).isEqualTo(1);
  }

  @Test
  @DisplayName("shared analyzers give the same answer on many threads at once")
  void threadSafe() {
    String text = "名取市の公民館では生涯学習センターの職員とオンラインで話しました。";
    List<String> expected = written(text);
    Map<Integer, List<String>> seen = new ConcurrentHashMap<>();
    IntStream.range(0, 400).parallel().forEach(i -> seen.put(i, written(text)));
    assertThat(seen.values()).allSatisfy(v -> assertThat(v).isEqualTo(expected));
  }
}
