package org.kakehashi.reflections;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.ja.JapaneseTokenizer;
import org.apache.lucene.analysis.ja.tokenattributes.PartOfSpeechAttribute;
import org.apache.lucene.analysis.ja.tokenattributes.ReadingAttribute;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Key phrases of free text, Japanese or English. Pure (no I/O beyond Lucene's in-memory analysis and
 * reading the English tagger's model from the classpath once) and thread-safe: the analyzers are shared
 * and Lucene gives each thread its own token stream; English taggers are pooled.
 *
 * <p>Japanese is segmented by Kuromoji in NORMAL mode (公民館 stays whole) with its part of speech:
 * nouns are kept, except dependent nouns (こと), pronouns (私) and numbers; particles, auxiliaries and
 * symbols end a phrase. Adjacent nouns are joined into the compound a person writes (生涯学習センター,
 * 名取市). English phrases are noun phrases found by part of speech ({@link EnglishPhrases}: "community
 * center", "LINE official account"), grouped by their nouns' singular.
 * Phrases are always shown as written in the text (センター, not the stem センタ; "centers", not "center").
 */
public final class KeyPhrases {

  /** One occurrence of a phrase in a text: {@code key} groups spellings, {@code text} is as written. */
  public record Phrase(String key, String text, int start, int end) {
  }

  /** A phrase and in how many notes it occurs. */
  public record Count(String phrase, int count) {
  }

  /** Japanese words too general to tell anything, even when they are nouns. */
  private static final Set<String> JA_STOP = Set.of(
      "今回", "今日", "自分", "皆さん", "みなさん", "皆様", "感じ", "部分", "場合", "以上", "他", "ほか", "方々",
      "お話", "話", "気持ち", "とき", "時", "事", "物", "ところ", "一つ", "ひとつ", "何か", "みんな", "皆", "様子",
      "今後", "今度", "本日", "前回", "次回", "最後", "最初", "たくさん", "沢山", "機会", "参加");

  /** English words that carry no topic: Lucene's stop words plus frequent verbs and adverbs of reflections. */
  private static final CharArraySet EN_STOP;

  static {
    CharArraySet set = new CharArraySet(EnglishAnalyzer.ENGLISH_STOP_WORDS_SET, true);
    set.addAll(List.of("i", "me", "my", "we", "our", "us", "you", "your", "he", "she", "his", "her", "they", "them",
        "their", "its", "am", "was", "were", "been", "being", "have", "has", "had", "do", "does", "did", "so", "very",
        "can", "could", "would", "should", "will", "also", "really", "much", "many", "more", "most", "some", "what",
        "which", "who", "how", "when", "where", "from", "about", "all", "any", "each", "other", "than", "too", "just",
        "like", "get", "got", "make", "made", "think", "thought", "felt", "feel", "learned", "learnt", "learn", "lot",
        "lots", "things", "thing", "way", "ways", "today", "time", "one", "two", "well", "good", "great", "able",
        "want", "wanted", "see", "saw", "how", "because", "while", "after", "before", "there", "here", "our", "ours",
        "session", "after", "only", "own", "same", "again", "even", "still", "many", "every", "something", "us"));
    EN_STOP = CharArraySet.unmodifiableSet(set);
  }

  /** Kuromoji with its default dictionary, NORMAL mode, punctuation kept as tokens so that it breaks phrases. */
  private static final Analyzer JAPANESE = new Analyzer() {
    @Override
    protected TokenStreamComponents createComponents(String field) {
      return new TokenStreamComponents(new JapaneseTokenizer(null, false, JapaneseTokenizer.Mode.NORMAL));
    }
  };

  private KeyPhrases() {
  }

  /** Every phrase of {@code text} in order, with its offsets. */
  public static List<Phrase> extract(String text) {
    if (text == null || text.isBlank()) {
      return List.of();
    }
    return mostlyLatin(text) ? english(text) : japanese(text);
  }

  /** Text whose letters are mostly Latin is English (a Japanese note with "Zoom" in it is still Japanese). */
  static boolean mostlyLatin(String text) {
    int latin = 0;
    int other = 0;
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      i += Character.charCount(cp);
      if (Character.isLetter(cp)) {
        if (Character.UnicodeScript.of(cp) == Character.UnicodeScript.LATIN) {
          latin++;
        } else {
          other++;
        }
      }
    }
    return latin > other * 2;
  }

  /** A Kuromoji token with its kind. */
  private record Token(int start, int end, Kind kind, boolean katakana) {
  }

  private static List<Phrase> japanese(String text) {
    List<Token> tokens = new ArrayList<>();
    try (TokenStream ts = JAPANESE.tokenStream("", text)) {
      OffsetAttribute offset = ts.addAttribute(OffsetAttribute.class);
      CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
      PartOfSpeechAttribute pos = ts.addAttribute(PartOfSpeechAttribute.class);
      ts.reset();
      while (ts.incrementToken()) {
        tokens.add(new Token(offset.startOffset(), offset.endOffset(), kind(pos.getPartOfSpeech(), term), katakana(term)));
      }
      ts.end();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<Phrase> out = new ArrayList<>();
    int runStart = -1;
    int runEnd = -1;
    boolean runHasCore = false;
    for (int i = 0; i < tokens.size(); i++) {
      Token t = tokens.get(i);
      Kind kind = t.kind();
      if (kind == Kind.DOT) {
        // コミュニティ・スクール: a middle dot between two katakana words joins them; 名取市・松江市 stay two.
        Token next = i + 1 < tokens.size() ? tokens.get(i + 1) : null;
        boolean joinsKatakana = runStart >= 0 && t.start() == runEnd && i > 0 && tokens.get(i - 1).katakana()
            && next != null && next.start() == t.end() && next.katakana() && next.kind() == Kind.CORE;
        kind = joinsKatakana ? Kind.SUFFIX : Kind.BREAK;
      }
      boolean adjacent = t.start() == runEnd;
      boolean joins = kind == Kind.CORE || kind == Kind.MODIFIER || kind == Kind.PREFIX
          || (kind == Kind.SUFFIX && runStart >= 0);
      if (joins && runStart >= 0 && adjacent) {
        runEnd = t.end();
        runHasCore |= kind == Kind.CORE;
        continue;
      }
      if (runStart >= 0 && runHasCore) {
        addJapanese(out, text, runStart, runEnd);
      }
      runStart = -1;
      runEnd = -1;
      runHasCore = false;
      if (kind == Kind.CORE || kind == Kind.MODIFIER || kind == Kind.PREFIX) {
        runStart = t.start();
        runEnd = t.end();
        runHasCore = kind == Kind.CORE;
      }
    }
    if (runStart >= 0 && runHasCore) {
      addJapanese(out, text, runStart, runEnd);
    }
    return out;
  }

  private enum Kind { CORE, MODIFIER, PREFIX, SUFFIX, DOT, BREAK }

  /** Kana suffixes that end a phrase rather than make a compound (公民館どうし, 私たち). */
  private static final Set<String> BREAKING_SUFFIXES = Set.of("たち", "ども", "ら", "どうし", "など", "ごと", "ぶり",
      "ぐらい", "くらい", "ずつ", "がち", "さん", "ちゃん", "くん", "さま", "かた");

  /**
   * Kuromoji's IPADIC tags: a core noun makes a phrase; an adverbial or adjectival-stem noun (生涯, 公式),
   * a kanji prefix before a noun (多文化, 非認知, 再雇用; not the honorific お/ご) or a suffix (市, 者, 型,
   * づくり) only joins one; anything else (particles 助詞, auxiliaries 助動詞, symbols 記号, verbs,
   * dependent nouns, pronouns, numbers) ends it.
   */
  private static Kind kind(String tag, CharSequence term) {
    if (tag == null) {
      return Kind.BREAK;
    }
    if (tag.startsWith("接頭詞-名詞接続")) {
      return hiragana(term) ? Kind.BREAK : Kind.PREFIX;
    }
    if (tag.startsWith("記号") && "・".contentEquals(term)) {
      return Kind.DOT;
    }
    if (!tag.startsWith("名詞")) {
      return Kind.BREAK;
    }
    if (tag.startsWith("名詞-非自立") || tag.startsWith("名詞-代名詞") || tag.startsWith("名詞-数")
        || tag.startsWith("名詞-特殊") || tag.startsWith("名詞-接続詞的") || tag.startsWith("名詞-動詞非自立的")) {
      return Kind.BREAK;
    }
    if (tag.startsWith("名詞-接尾")) {
      // 市, 的, 化, 者 join the noun before; 3回's 回, さん, and kana suffixes such as たち, どうし end the phrase.
      return tag.startsWith("名詞-接尾-助数詞") || tag.startsWith("名詞-接尾-特殊") || tag.startsWith("名詞-接尾-人名")
          || BREAKING_SUFFIXES.contains(term.toString()) ? Kind.BREAK : Kind.SUFFIX;
    }
    if (tag.startsWith("名詞-副詞可能") || tag.startsWith("名詞-形容動詞語幹") || tag.startsWith("名詞-ナイ形容詞語幹")) {
      return Kind.MODIFIER;
    }
    return Kind.CORE;
  }

  private static boolean katakana(CharSequence term) {
    return term.length() > 0 && term.chars().allMatch(c -> Character.UnicodeBlock.of(c) == Character.UnicodeBlock.KATAKANA
        || Character.UnicodeBlock.of(c) == Character.UnicodeBlock.HALFWIDTH_AND_FULLWIDTH_FORMS);
  }

  private static boolean hiragana(CharSequence term) {
    return term.chars().allMatch(c -> Character.UnicodeBlock.of(c) == Character.UnicodeBlock.HIRAGANA);
  }

  private static void addJapanese(List<Phrase> out, String text, int start, int end) {
    // Kuromoji may keep punctuation glued to a Latin word ("steps:"): trim it off the phrase.
    while (start < end && !Character.isLetterOrDigit(text.charAt(start))) {
      start++;
    }
    while (end > start && !Character.isLetterOrDigit(text.charAt(end - 1))) {
      end--;
    }
    String written = text.substring(start, end);
    if (written.codePointCount(0, written.length()) < 2 || JA_STOP.contains(written)) {
      return;
    }
    String key = Normalizer.normalize(written, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
    if (key.chars().allMatch(c -> c < 128) && (key.length() < 3 || EN_STOP.contains(key))) {
      return;
    }
    out.add(new Phrase(key, written, start, end));
  }

  /** Noun phrases of English text, by part of speech ({@link EnglishPhrases}). */
  private static List<Phrase> english(String text) {
    return EnglishPhrases.extract(text);
  }

  /** Whether a lower-case English word carries no topic. */
  static boolean englishStop(String lower) {
    return EN_STOP.contains(lower);
  }

  /**
   * Counts phrases once per note and remembers how each was written. Not thread-safe: one per summary
   * (or per group), filled with {@link #addNote}.
   */
  public static final class Counter {
    /** Per key: {notes, notes spelling it as the key itself}; other spellings in {@code spellings}. */
    private final Map<String, int[]> notes = new HashMap<>();
    private final Map<String, Map<String, Integer>> spellings = new HashMap<>();

    /** Adds one note's phrases (each distinct key counts once, however often the note repeats it). */
    public void addNote(Map<String, String> keysToWritten) {
      for (Map.Entry<String, String> e : keysToWritten.entrySet()) {
        int[] n = notes.get(e.getKey());
        if (n == null) {
          n = new int[2];
          notes.put(e.getKey(), n);
        }
        n[0]++;
        if (e.getKey().equals(e.getValue())) {
          n[1]++;
        } else {
          spellings.computeIfAbsent(e.getKey(), k -> new HashMap<>(2)).merge(e.getValue(), 1, Integer::sum);
        }
      }
    }

    /** Adds another counter's notes of the given keys (to combine the counters of parts for a few phrases). */
    public void addAll(Counter other, java.util.Collection<String> keys) {
      for (String k : keys) {
        int[] o = other.notes.get(k);
        if (o == null) {
          continue;
        }
        int[] n = notes.computeIfAbsent(k, x -> new int[2]);
        n[0] += o[0];
        n[1] += o[1];
        Map<String, Integer> written = other.spellings.get(k);
        if (written != null) {
          Map<String, Integer> mine = spellings.computeIfAbsent(k, x -> new HashMap<>(2));
          written.forEach((w, c) -> mine.merge(w, c, Integer::sum));
        }
      }
    }

    /** The keys counted. */
    public Set<String> keys() {
      return notes.keySet();
    }

    /** How many notes contain the key. */
    public int count(String key) {
      int[] n = notes.get(key);
      return n == null ? 0 : n[0];
    }

    /**
     * The {@code limit} phrases found in most notes (at least {@code min}), ties as {@link PhraseRanking#ORDER}
     * has them (English: two words before longer phrases and words; then the longer, then the alphabetically
     * first); an English phrase is left out when a longer one holding it is in as many notes.
     */
    public List<Ranked> top(int limit, int min) {
      List<PhraseRanking.Scored> all = new ArrayList<>();
      for (String k : notes.keySet()) {
        if (count(k) >= min) {
          all.add(new PhraseRanking.Scored(k, null, count(k), count(k)));
        }
      }
      List<Ranked> out = new ArrayList<>();
      PhraseRanking.choose(all, 0, limit, this::written).forEach(s -> out.add(new Ranked(s.key(), s.phrase(), s.count())));
      return out;
    }

    /** The most frequent spelling of a key (as written in the notes, never a stem). */
    public String written(String key) {
      Map<String, Integer> all = new HashMap<>(spellings.getOrDefault(key, Map.of()));
      int[] n = notes.get(key);
      if (n != null && n[1] > 0) {
        all.put(key, n[1]);
      }
      return all.entrySet().stream()
          .max(Map.Entry.<String, Integer>comparingByValue()
              // On a tie the form with fewer capitals (a sentence's first word is not a name), then the first alphabetically.
              .thenComparing(e -> -e.getKey().chars().filter(Character::isUpperCase).count())
              .thenComparing(Map.Entry.comparingByKey(Comparator.reverseOrder())))
          .orElseThrow().getKey();
    }
  }

  /** A counted phrase with its grouping key. */
  public record Ranked(String key, String phrase, int count) {
    public Count toCount() {
      return new Count(phrase, count);
    }
  }

  /** Kuromoji's katakana reading of a Japanese word (名取 → ナトリ), or null when it has none. */
  public static String reading(String text) {
    StringBuilder out = new StringBuilder();
    try (TokenStream ts = JAPANESE.tokenStream("", text)) {
      ReadingAttribute reading = ts.addAttribute(ReadingAttribute.class);
      ts.reset();
      while (ts.incrementToken()) {
        if (reading.getReading() == null) {
          return null;
        }
        out.append(reading.getReading());
      }
      ts.end();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.isEmpty() ? null : out.toString();
  }

  /** The distinct keys of a text's phrases, each with the first spelling met. */
  public static Map<String, String> distinct(List<Phrase> phrases) {
    Map<String, String> out = new HashMap<>();
    for (Phrase p : phrases) {
      out.putIfAbsent(p.key(), p.text());
    }
    return out;
  }
}
