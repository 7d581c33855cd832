package org.kakehashi.reflections;

import org.apache.lucene.analysis.ja.util.ToStringUtil;
import org.kakehashi.rounds.Round;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.function.Function;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Distinctive key phrases: how much more a selection of notes (a session, topic, room, center, round)
 * uses a phrase than the background of all notes of the network. Pure.
 *
 * <p>The measure is TF-IDF with notes as documents: {@code score = (notes of the selection using it /
 * notes of the selection) × ln((N + 1) / (df + 1))}, N the network's notes and df how many of them use
 * the phrase. A phrase every note uses scores 0; one a third of this session uses and few others do
 * scores high. TF-IDF rather than the log-likelihood ratio because it stays meaningful when the
 * selection is (nearly) the whole background — a round summary on an installation with one round —
 * where a selection-versus-rest test has nothing to compare, and because it needs only the document
 * frequencies kept in {@code phrase_frequency}.
 *
 * <p>A small background (fewer than {@link #SMALL_BACKGROUND} notes, a new installation) says little
 * about which words are ordinary, so it is topped up with {@code SMALL_BACKGROUND − N} virtual notes
 * in which the words of {@link #ORDINARY} (公民館, 地域, 職員, …) occur at {@link #ORDINARY_RATE} (or
 * more, when the real notes use them more) and every other word at its rate in the real notes; the
 * top-up fades out as real notes come in.
 */
public final class PhraseRanking {

  /** Bump when {@link KeyPhrases} changes what it extracts: stored analyses of older versions are redone. */
  public static final int ANALYSER = 4; // 4: English noun phrases by part of speech, keys in the singular

  /** The languages a note's answers are ranked in: {@code ja} (Kuromoji) and {@code en} (mostly Latin letters). */
  public static final String JA = "ja";
  public static final String EN = "en";

  static final int SMALL_BACKGROUND = 200;
  static final double ORDINARY_RATE = 0.6;

  /** Words of nearly every community-center note (keys, as KeyPhrases makes them). */
  static final Set<String> ORDINARY = Set.of("公民館", "地域", "職員", "住民", "一緒", "場所", "活動", "取り組み", "事業",
      "講座", "センター", "交流", "参加者", "学び", "研修", "意見", "課題", "工夫", "大切", "必要", "実際", "関係", "連携",
      "オンライン", "zoom", "相談", "情報", "地元", "市民", "人たち", "館", "仕事", "経験", "気づき", "方法", "声",
      "community", "center", "centre", "community center", "community centre", "staff", "people", "local", "resident",
      "online", "partner", "city", "idea");

  /**
   * The network's notes and, per phrase key, how many of them use it; {@code languageNotes}: how many
   * notes have an answer in each language. A background {@link #of} one language ranks that language's
   * phrases against the notes written in it (N = that language's notes), so a word every English note
   * uses scores 0 even when English notes are few.
   */
  public record Background(long notes, Map<String, Integer> frequency, Map<String, Long> languageNotes) {
    public Background(long notes, Map<String, Integer> frequency) {
      this(notes, frequency, Map.of());
    }

    public int df(String key) {
      return frequency.getOrDefault(key, 0);
    }

    /** Whether the ordinary-word top-up is in use (the answer says so). */
    public boolean small() {
      return notes < SMALL_BACKGROUND;
    }

    /** The same document frequencies against the notes of one language (all notes when not counted). */
    public Background of(String lang) {
      Long n = languageNotes.get(lang);
      return n == null ? this : new Background(n, frequency, languageNotes);
    }

    /**
     * ln((N + V + 1) / (df + Vdf + 1)): V virtual notes top a small background up to {@link #SMALL_BACKGROUND};
     * in them a key occurs at the rate it has in the real notes, an ordinary word at least at
     * {@link #ORDINARY_RATE}, so a word every real note uses still scores 0.
     */
    double idf(String key) {
      double virtual = Math.max(0, SMALL_BACKGROUND - notes);
      double real = Math.min(df(key), notes);
      double rate = Math.max(notes == 0 ? 0 : real / notes, ORDINARY.contains(key) ? ORDINARY_RATE : 0);
      return Math.log((notes + virtual + 1) / (real + virtual * rate + 1));
    }
  }

  /** A ranked phrase: its key, how it is written, in how many notes of the selection, and its score. */
  public record Scored(String key, String phrase, int count, double score) {
  }

  private PhraseRanking() {
  }

  /**
   * The {@code limit} most distinctive phrases of a counted selection of {@code notes} notes, leaving out
   * {@code context} keys. A phrase must be in two notes once the selection has five or more (a single
   * note's phrase is an anecdote), unless too few phrases pass; an English phrase is left out when a longer
   * one holding it is in as many notes ({@link #choose}).
   */
  public static List<Scored> rank(KeyPhrases.Counter counter, int notes, Background bg, Set<String> context, int limit) {
    List<Scored> all = new ArrayList<>();
    for (String k : counter.keys()) {
      if (context.contains(k)) {
        continue;
      }
      double tf = notes == 0 ? 0 : (double) counter.count(k) / notes;
      double score = tf * bg.idf(k);
      if (score > 1e-9) { // a phrase every note of the background uses tells nothing
        all.add(new Scored(k, null, counter.count(k), score));
      }
    }
    return choose(all, notes, limit, counter::written);
  }

  /**
   * The choice both counters share (this class's {@link KeyPhrases.Counter} and the summary's dense tally):
   * {@code all} scored phrases of a selection of {@code notes} notes in ranking order ({@link #ORDER}), then
   * the first {@code limit} that are in two notes (once there are five or more), then single-note ones if
   * places are left; each chosen phrase spelled by {@code written}.
   *
   * <p>English: a phrase is left out when a longer one holding it ({@link #parts}) is in as many notes, so a
   * note's noun phrase as written is listed rather than its pieces: "neighbourhood association", not
   * "neighbourhood" and "association"; "junior high school students", not "school students" (a pair
   * across two compounds). Among phrases of the same weight and notes this holds whatever their order
   * (the longer phrase scores at least as much as its part: no note has it without the part); beyond them, a
   * phrase is left out when a chosen one holds it and is in as many notes. A Japanese key is one compound
   * (no spaces): none holds another here, and Japanese phrases go by score, notes, then the longer key.
   */
  static List<Scored> choose(List<Scored> all, int notes, int limit, Function<String, String> written) {
    int min = notes >= 5 ? 2 : 1;
    // The two passes apart, each sorted on its own (the same order as one sort; the second only when needed).
    List<Scored> shared = new ArrayList<>();
    List<Scored> rest = new ArrayList<>();
    for (Scored s : all) {
      (s.count() >= min ? shared : rest).add(s);
    }
    List<Scored> out = new ArrayList<>();
    Map<String, Integer> held = new HashMap<>(); // part of a chosen English phrase → the most notes of such a phrase
    pick(shared, limit, written, out, held);
    if (out.size() < limit) {
      pick(rest, limit, written, out, held);
    }
    return out;
  }

  /**
   * Ranking order: the score, then the notes, then (English, at the same weight) a phrase of two words before
   * one of three, four or five, and any of them before a single word: the compound as written ("evacuation
   * shelter") says more than a word, and a long run of nouns is more often the tagger's slip ("staff member
   * residents") or a list; then the longer key (all Japanese keys are one "word", so they go by length) and
   * the key.
   */
  static final Comparator<Scored> ORDER = Comparator.comparingDouble((Scored s) -> -s.score())
      .thenComparingInt(s -> -s.count()).thenComparingInt(s -> shape(s.key()))
      .thenComparingInt(s -> -s.key().length()).thenComparing(Scored::key);

  /** The words of a key for {@link #ORDER}: 2, 3, 4, 5 words in that order, a single word last. */
  private static int shape(String key) {
    int words = 1;
    for (int i = key.indexOf(' '); i >= 0; i = key.indexOf(' ', i + 1)) {
      words++;
    }
    return words == 1 ? Integer.MAX_VALUE : words;
  }

  /** Picks from one pass's candidates, group by group of equal score and notes (see {@link #choose}). */
  private static void pick(List<Scored> candidates, int limit, Function<String, String> written, List<Scored> out,
                           Map<String, Integer> held) {
    candidates.sort(ORDER);
    int n = candidates.size();
    for (int from = 0; from < n && out.size() < limit; ) {
      Scored first = candidates.get(from);
      int to = from + 1;
      boolean english = first.key().indexOf(' ') >= 0;
      while (to < n && candidates.get(to).score() == first.score() && candidates.get(to).count() == first.count()) {
        english |= candidates.get(to).key().indexOf(' ') >= 0;
        to++;
      }
      // The parts of the group's English phrases: in as many notes and of the same weight, so from the same notes.
      Set<String> inGroup = Set.of();
      if (english && to - from > 1) {
        inGroup = new HashSet<>();
        for (int i = from; i < to; i++) {
          inGroup.addAll(parts(candidates.get(i).key()));
        }
      }
      for (int i = from; i < to && out.size() < limit; i++) {
        Scored s = candidates.get(i);
        if (inGroup.contains(s.key()) || held.getOrDefault(s.key(), 0) >= s.count()) {
          continue;
        }
        out.add(new Scored(s.key(), written.apply(s.key()), s.count(), s.score()));
        if (s.key().indexOf(' ') >= 0) {
          for (String part : parts(s.key())) {
            held.merge(part, s.count(), Math::max);
          }
        }
      }
      from = to;
    }
  }

  /**
   * The keys an English phrase's key holds: every run of its words shorter than the whole, a possessive at a
   * run's end also as its noun's key ("junior high school student": junior, high, school, student, "junior
   * high", "high school", "school student", "junior high school", "high school student"; "children's
   * cafeteria": child, cafeteria). A key without a space (one word, a Japanese compound) holds none.
   */
  static List<String> parts(String key) {
    if (key.indexOf(' ') < 0) {
      return List.of();
    }
    String[] words = key.split(" ");
    List<String> out = new ArrayList<>();
    for (int from = 0; from < words.length; from++) {
      StringBuilder run = new StringBuilder();
      for (int to = from; to < words.length; to++) {
        if (from == 0 && to == words.length - 1) {
          break; // the whole
        }
        String w = words[to];
        String noun = possessor(w);
        if (noun != null) {
          out.add(run.length() == 0 ? noun : run + " " + noun);
        }
        if (run.length() > 0) {
          run.append(' ');
        }
        run.append(w);
        out.add(run.toString());
      }
    }
    return out;
  }

  /** The noun's key of a possessive word ("children's" → child, "citizens'" → citizen), or null. */
  private static String possessor(String word) {
    if (word.length() > 2 && word.endsWith("'s")) {
      return EnglishPhrases.singular(word.substring(0, word.length() - 2), false);
    }
    if (word.length() > 2 && word.endsWith("s'")) {
      return EnglishPhrases.singular(word.substring(0, word.length() - 1), false);
    }
    return null;
  }

  /** How many phrases past its limit a ranking looks at, to fill the places of folded ones. */
  static final int FOLD_SPARE = 5;

  /**
   * The first {@code limit} phrases of a ranking after folding each phrase into a longer ranked one that
   * contains it when they cover nearly the same notes: 防災マップ goes into 防災マップづくり when at most
   * one note — or a fifth of the longer phrase's notes, if more — uses the shorter without the longer
   * (into an English phrase of one note: none, {@link #tolerance}).
   * The longer keeps its own count (the notes its evidence lists); a shorter phrase used widely on its
   * own (子ども beside 子ども食堂, 公民館 beside 公民館だより) stays. {@code notes}: the keys of each note ranked.
   */
  static List<Scored> fold(List<Scored> ranked, List<Map<String, String>> notes, int limit) {
    return fold(ranked, (shorter, longer) -> alone(shorter, longer, notes), limit);
  }

  /** As above, {@code alone} telling in how many notes the first phrase occurs without the second. */
  static List<Scored> fold(List<Scored> ranked, java.util.function.ToIntBiFunction<String, String> alone, int limit) {
    Set<String> dropped = new HashSet<>();
    List<Scored> out = List.of();
    // A phrase folds only into one that is listed; dropping one lets the next in, which may hold another: a few rounds.
    for (int round = 0; round < 5; round++) {
      out = ranked.stream().filter(s -> !dropped.contains(s.key())).limit(limit).toList();
      Set<String> next = new HashSet<>();
      for (Scored s : ranked) {
        for (Scored longer : out) {
          if (longer.key().length() > s.key().length() && longer.key().contains(s.key())
              && alone.applyAsInt(s.key(), longer.key()) <= tolerance(longer)) {
            next.add(s.key());
            break;
          }
        }
      }
      if (next.equals(dropped)) {
        break;
      }
      dropped.clear();
      dropped.addAll(next);
    }
    return out;
  }

  /**
   * How many notes may use a shorter phrase without the longer one it folds into: one, or a fifth of the
   * longer one's notes; none for an English phrase of one note, so that a phrase several notes share is
   * never folded into one note's longer phrase ("disaster drill" of two notes stays beside one note's
   * "school disaster drill").
   */
  private static int tolerance(Scored longer) {
    return longer.count() < 2 && longer.key().indexOf(' ') >= 0 ? 0 : Math.max(1, longer.count() / 5);
  }

  /** In how many notes {@code shorter} occurs without {@code longer}. */
  private static int alone(String shorter, String longer, List<Map<String, String>> notes) {
    int n = 0;
    for (Map<String, String> keys : notes) {
      if (keys.containsKey(shorter) && !keys.containsKey(longer)) {
        n++;
      }
    }
    return n;
  }

  /**
   * Keys that describe the setting rather than what was learnt: the pair's place names (名取市, 名取, and
   * the romanised Natori) and the round's topic labels (防災・減災 gives 防災 and 減災), in both languages.
   */
  public static Set<String> context(List<String> cities, List<Round.Label> topics) {
    Set<String> out = new LinkedHashSet<>();
    for (String city : cities) {
      if (city == null || city.isBlank()) {
        continue;
      }
      addKeys(out, city);
      String bare = city.replaceAll("[市町村区郡]$", "");
      if (!bare.isEmpty() && !bare.equals(city)) {
        out.add(key(bare));
        String reading = KeyPhrases.reading(bare);
        if (reading != null) {
          addKeys(out, capitalise(ToStringUtil.getRomanization(reading)));
        }
      }
    }
    for (Round.Label t : topics) {
      for (String label : new String[] {t.ja(), t.en()}) {
        if (label != null) {
          addKeys(out, label);
          out.add(key(label));
        }
      }
    }
    return out;
  }

  private static String capitalise(String s) {
    return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1).toLowerCase(Locale.ROOT);
  }

  private static void addKeys(Set<String> out, String text) {
    KeyPhrases.extract(text).forEach(p -> out.add(p.key()));
  }

  static String key(String written) {
    return Normalizer.normalize(written, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
  }

  /**
   * One note analysed once, when it is written: its distinct phrase keys (each with a spelling), the
   * keys of each answer, and its quotable sentences with the keys in them.
   */
  public record Analysis(Map<String, String> keys, Map<String, Set<String>> byPrompt, List<Sentence> sentences,
                         Map<String, String> languages, Integer textHash) {

    public Analysis(Map<String, String> keys, Map<String, Set<String>> byPrompt, List<Sentence> sentences) {
      this(keys, byPrompt, sentences, Map.of(), null);
    }

    public Analysis(Map<String, String> keys, Map<String, Set<String>> byPrompt, List<Sentence> sentences,
                    Map<String, String> languages) {
      this(keys, byPrompt, sentences, languages, null);
    }

    /** The languages of the answers ({@link #JA}, {@link #EN}), for the {@code languages} column. */
    public String[] languageArray() {
      return new java.util.TreeSet<>(languages.values()).toArray(String[]::new);
    }

    /** The keys of the answers in each language, each with its spelling (an answer without a known language: ja). */
    public Map<String, Map<String, String>> keysByLanguage() {
      java.util.Collection<String> langs = languages.values();
      if (!langs.isEmpty() && langs.stream().allMatch(langs.iterator().next()::equals) && languages.keySet().containsAll(byPrompt.keySet())) {
        return Map.of(langs.iterator().next(), keys); // one language: all the note's keys
      }
      Map<String, Map<String, String>> out = new LinkedHashMap<>(2);
      byPrompt.forEach((prompt, ks) -> {
        Map<String, String> m = out.computeIfAbsent(languages.getOrDefault(prompt, JA), x -> new HashMap<>());
        ks.forEach(k -> m.put(k, keys.getOrDefault(k, k)));
      });
      return out;
    }

    public static Analysis of(Map<String, String> answers) {
      Map<String, String> keys = new LinkedHashMap<>();
      Map<String, Set<String>> byPrompt = new LinkedHashMap<>();
      List<Sentence> sentences = new ArrayList<>();
      Map<String, String> languages = new LinkedHashMap<>();
      answers.forEach((prompt, text) -> {
        if (text == null || text.isBlank()) {
          return;
        }
        languages.put(prompt, KeyPhrases.mostlyLatin(text) ? EN : JA);
        List<KeyPhrases.Phrase> phrases = KeyPhrases.extract(text);
        Set<String> mine = new LinkedHashSet<>();
        phrases.forEach(p -> {
          keys.putIfAbsent(p.key(), p.text());
          mine.add(p.key());
        });
        byPrompt.put(prompt, mine);
        int i = 0;
        for (int[] s : Quotes.sentences(text)) {
          Set<String> in = new LinkedHashSet<>();
          while (i < phrases.size() && phrases.get(i).end() <= s[1]) {
            if (phrases.get(i).start() >= s[0]) {
              in.add(phrases.get(i).key());
            }
            i++;
          }
          if (!in.isEmpty() && Quotes.quotable(text.substring(s[0], s[1]))) {
            sentences.add(new Sentence(prompt, s[0], s[1], in));
          }
        }
      });
      return new Analysis(keys, byPrompt, sentences, languages, PhraseRanking.textHash(answers));
    }

    /** The distinct keys, for the {@code keys} column (the statistics count these). */
    public String[] keyArray() {
      return keys.keySet().toArray(String[]::new);
    }

    /**
     * The analysis in the columns of {@code reflection_phrases} (README, "How reflections are summarised",
     * Statistics): per key its spelling where it differs (else null), the answered prompts and their
     * languages, and two int arrays — per prompt {@code n, key positions…}; per sentence {@code prompt
     * position, start, end, n, key positions…} — positions into {@link #keyArray}.
     */
    public Packed pack() {
      List<String> order = new ArrayList<>(keys.keySet());
      Map<String, Integer> index = new HashMap<>(order.size() * 2);
      for (int i = 0; i < order.size(); i++) {
        index.put(order.get(i), i);
      }
      String[] spellings = new String[order.size()];
      for (int i = 0; i < spellings.length; i++) {
        String w = keys.get(order.get(i));
        spellings[i] = w.equals(order.get(i)) ? null : w;
      }
      List<String> prompts = new ArrayList<>(byPrompt.keySet());
      String[] langs = prompts.stream().map(p -> languages.getOrDefault(p, JA)).toArray(String[]::new);
      List<Integer> promptKeys = new ArrayList<>();
      byPrompt.values().forEach(ks -> {
        promptKeys.add(ks.size());
        ks.forEach(k -> promptKeys.add(index.get(k)));
      });
      List<Integer> sentenceInts = new ArrayList<>();
      for (Sentence s : sentences) {
        int prompt = prompts.indexOf(s.prompt());
        if (prompt < 0) {
          continue; // a sentence of an answer without phrases cannot occur; never stored
        }
        sentenceInts.add(prompt);
        sentenceInts.add(s.start());
        sentenceInts.add(s.end());
        sentenceInts.add(s.keys().size());
        s.keys().forEach(k -> sentenceInts.add(index.get(k)));
      }
      return new Packed(spellings, prompts.toArray(String[]::new), langs, promptKeys.toArray(Integer[]::new),
          sentenceInts.toArray(Integer[]::new));
    }

    /** Reads what {@link #pack} wrote, with the note's keys (its ids looked up in the dictionary). */
    public static Analysis unpack(String[] keyArray, Packed p) {
      return unpack(keyArray, p, null);
    }

    /** As above, with the hash of the text it was made from (null: not known). */
    public static Analysis unpack(String[] keyArray, Packed p, Integer textHash) {
      Map<String, String> keys = new LinkedHashMap<>(keyArray.length * 2);
      for (int i = 0; i < keyArray.length; i++) {
        String w = i < p.spellings().length ? p.spellings()[i] : null;
        keys.put(keyArray[i], w == null ? keyArray[i] : w);
      }
      Map<String, Set<String>> byPrompt = new LinkedHashMap<>(4);
      Map<String, String> languages = new LinkedHashMap<>(4);
      Integer[] pk = p.promptKeys();
      int at = 0;
      for (int i = 0; i < p.prompts().length && at < pk.length; i++) {
        int n = pk[at++];
        byPrompt.put(p.prompts()[i], keySet(keyArray, pk, at, n));
        at += n;
        languages.put(p.prompts()[i], p.promptLanguages()[i]);
      }
      Integer[] sx = p.sentences();
      List<Sentence> sentences = new ArrayList<>();
      at = 0;
      while (at + 3 < sx.length) {
        String prompt = p.prompts()[sx[at]];
        int start = sx[at + 1];
        int end = sx[at + 2];
        int n = sx[at + 3];
        at += 4;
        sentences.add(new Sentence(prompt, start, end, keySet(keyArray, sx, at, n)));
        at += n;
      }
      return new Analysis(keys, byPrompt, sentences, languages, textHash);
    }

    /** The keys at n positions of a packed array, as a compact immutable set (quick to iterate; summaries do). */
    private static Set<String> keySet(String[] keyArray, Integer[] packed, int from, int n) {
      String[] out = new String[n];
      for (int j = 0; j < n; j++) {
        out[j] = keyArray[packed[from + j]];
      }
      try {
        return Set.of(out);
      } catch (IllegalArgumentException | NullPointerException repeatedOrUnknown) {
        Set<String> set = new HashSet<>(Arrays.asList(out));
        set.remove(null);
        return set;
      }
    }
  }

  /**
   * A hash of a note's answers' text only (identical texts tie), by which notes are put in an order that tells
   * nothing of their writers (README, "Security", anonymous notes); stored with the analysis as
   * {@code text_hash}, so a summary orders notes without reading their text.
   */
  public static int textHash(Map<String, String> answers) {
    int h = 0;
    for (Map.Entry<String, String> e : answers.entrySet()) {
      h += e.getKey().hashCode() * 31 + e.getValue().hashCode() * 1_000_003;
    }
    return h;
  }

  /** An analysis as stored, without its keys (see {@link Analysis#pack}). */
  public record Packed(String[] spellings, String[] prompts, String[] promptLanguages, Integer[] promptKeys,
                       Integer[] sentences) {
  }

  /** A quotable sentence of an answer, by offsets, and the phrase keys in it. */
  public record Sentence(String prompt, int start, int end, Set<String> keys) {
  }
}
