package org.kakehashi.reflections;

import org.kakehashi.rounds.Round;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Set;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The summary facilitators read: response rate, key phrases, representative quotes, the same per
 * topic, room and center, who has not written yet, and what each center took from its partner city.
 * Pure: the notes given are already those the viewer may read; it runs on a worker thread.
 *
 * <p>What a center "took from its partner" is the answer to the prompt with key {@code partner}, or,
 * when the round has no such prompt, to its last prompt.
 *
 * <p>Anonymous notes (README, "Security", anonymous notes): a part of the summary (the whole selection, a topic,
 * room or center, one center's partner answers, one session) uses the text of its anonymous notes — in
 * its phrases and quotes — only when it holds at least {@link #MIN_ANONYMOUS} of them; otherwise they
 * are counted ({@code withheld}) but their words do not show, so no small cell ties a text to its writer.
 */
public final class Summarizer {

  static final int PHRASES = 20;
  static final int GROUP_PHRASES = 10;
  /** How many of a group's ranked phrases (by topic, room, center) the summary sends: what its table shows. */
  static final int GROUP_SHOWN = 6;
  static final int QUOTES = 5;
  /** How many sentences of a center's partner answers its line quotes (the others open through the evidence). */
  static final int TOOK_QUOTES = 3;
  static final int TOOK_PHRASES = 5;
  /**
   * A single pair's phrase is used by at most half of the network's notes (its idf above ln 2): on a new installation
   * the everyday words of the top-up (公民館, 地域, 職員) are not one pair's because only one session of the round wrote them.
   */
  static final double SINGLE_PAIR_MIN_IDF = Math.log(2);
  /** The fewest anonymous notes whose text a part of the summary may show. */
  public static final int MIN_ANONYMOUS = 3;

  /** A readable note with what groups it: the writer's center, topic (their room's, else their first) and room. */
  public record Note(long sessionId, long personId, String author, boolean anonymous, Long centerId, String topic,
                     Long roomId, Map<String, String> answers) {
  }

  /** A confirmed participant of a held session in scope, and whether they wrote (readable or not). */
  public record Participant(long sessionId, long personId, String name, Long centerId, String topic, Long roomId,
                            boolean wrote) {
  }

  /** A center of a session's pair. */
  public record Center(long id, String name, String city) {
  }

  /** A held session in scope and its pair's centers. */
  public record SessionPair(long sessionId, List<Center> centers) {
  }

  /** Optional filters; null means all. */
  public record Filter(String topic, Long roomId, Long centerId) {
    public static final Filter NONE = new Filter(null, null, null);

    boolean keeps(String t, Long room, Long center) {
      return (topic == null || topic.equals(t)) && (roomId == null || roomId.equals(room))
          && (centerId == null || centerId.equals(center));
    }
  }

  /** Responses, expected and key phrases of a part of the summary; {@code withheld}: anonymous notes not shown. */
  public record Group(int responses, int expected, List<Phrase> keyPhrases, int withheld) {
  }

  /**
   * A phrase of the summary: its key (for the evidence and hide routes), as written, in how many notes
   * of the part, its distinctiveness score (PhraseRanking), the language it was ranked in ({@code ja},
   * {@code en}), and whether a facilitator hid it from the printed summary.
   */
  public record Phrase(String key, String phrase, int count, double score, String lang, boolean hidden) {
    Phrase(String key, String phrase, int count, double score) {
      this(key, phrase, count, score, null, false);
    }
  }

  /**
   * A phrase recurring across the sessions of a round, or found in one session (one pair) only; {@code hidden}:
   * left out of the printed summary.
   */
  public record Spread(String key, String phrase, int sessions, Long sessionId, int count, boolean hidden) {
  }

  /** Across the sessions of the scope: phrases many sessions share and phrases of a single pair. */
  public record Across(int sessions, List<Spread> recurring, List<Spread> singlePair) {
  }

  /** Someone who has not written yet (in a round summary, once per session they were in). */
  public record Missing(long personId, String name, long sessionId) {
  }

  /** What one center of a pair said it took from its partner city. */
  public record Took(long sessionId, long centerId, String centerName, String partnerCity, int count,
                     List<Phrase> keyPhrases, List<Quotes.Quote> tookAway, int withheld) {
  }

  /** The whole summary (the JSON of the summary routes); {@code withheld}: anonymous notes counted but not shown. */
  public record Summary(int responses, int expected, int withheld, List<Phrase> keyPhrases, List<Phrase> contextPhrases,
                        Ranking ranking, List<Quotes.Quote> quotes,
                        Map<String, Group> byTopic, Map<String, Group> byRoom, Map<String, Group> byCenter,
                        List<Missing> missing, String tookAwayPrompt, List<Took> pairs, Across acrossSessions) {
  }

  /** The quotes of a summary that wait for their text (chosen from notes whose text was not read). */
  public static List<Quotes.Place> places(Summary s) {
    List<Quotes.Place> out = new ArrayList<>();
    s.quotes().stream().filter(q -> q.text() == null && q.place() != null).forEach(q -> out.add(q.place()));
    s.pairs().forEach(t -> t.tookAway().stream().filter(q -> q.text() == null && q.place() != null)
        .forEach(q -> out.add(q.place())));
    return out;
  }

  /**
   * The summary with each quote's text filled in by {@code fill} (given a quote without text; null drops it:
   * its note changed since it was analysed).
   */
  public static Summary withTexts(Summary s, Function<Quotes.Quote, Quotes.Quote> fill) {
    Function<List<Quotes.Quote>, List<Quotes.Quote>> all = qs -> qs.stream()
        .map(q -> q.text() == null && q.place() != null ? fill.apply(q) : q).filter(Objects::nonNull).toList();
    List<Took> pairs = s.pairs().stream().map(t -> new Took(t.sessionId(), t.centerId(), t.centerName(), t.partnerCity(),
        t.count(), t.keyPhrases(), all.apply(t.tookAway()), t.withheld())).toList();
    return new Summary(s.responses(), s.expected(), s.withheld(), s.keyPhrases(), s.contextPhrases(), s.ranking(),
        all.apply(s.quotes()), s.byTopic(), s.byRoom(), s.byCenter(), s.missing(), s.tookAwayPrompt(), pairs,
        s.acrossSessions());
  }

  /** How the phrases were ranked: the measure, the network's notes, and whether the small-background top-up was used. */
  public record Ranking(String measure, long backgroundNotes, boolean smallBackground) {
  }

  /**
   * Everything a summary is made of besides the notes: the topic labels, the place names of the network
   * (the setting, with the pair's cities), the notes' stored analyses, the background and the phrase keys
   * hidden from print.
   */
  public record Context(List<Round.Label> topics, List<String> places, Map<List<Long>, PhraseRanking.Analysis> analyses,
                        PhraseRanking.Background background, Set<String> hidden) {
    public Context(List<Round.Label> topics, Map<List<Long>, PhraseRanking.Analysis> analyses,
                   PhraseRanking.Background background) {
      this(topics, List.of(), analyses, background, Set.of());
    }
  }

  private Summarizer() {
  }

  /** The prompt whose answers say what was taken from the partner city: key {@code partner}, else the last. */
  public static String tookAwayPrompt(List<Round.Label> prompts) {
    if (prompts.isEmpty()) {
      return null;
    }
    return prompts.stream().map(Round.Label::key).filter("partner"::equals).findFirst()
        .orElse(prompts.get(prompts.size() - 1).key());
  }

  /** One note with its analysis (keys, keys per answer, keys per language) and quotable sentences. */
  private record Analysed(Note note, Map<String, String> keys, Map<String, Set<String>> byPrompt,
                          Map<String, Coded> byLanguage, List<Quotes.Candidate> sentences,
                          List<String> sentencePrompts, Coded all) {
  }

  /** The summary of notes analysed here, against a background of these notes only (the benchmark's pure run). */
  public static Summary summarize(List<Round.Label> prompts, List<Note> allNotes, List<Participant> allParticipants,
                                  List<SessionPair> sessions, Filter filter) {
    Map<List<Long>, PhraseRanking.Analysis> analyses = new HashMap<>();
    Map<String, Integer> df = new HashMap<>();
    Map<String, Long> languages = new HashMap<>();
    for (Note n : allNotes) {
      PhraseRanking.Analysis a = PhraseRanking.Analysis.of(n.answers());
      analyses.put(List.of(n.sessionId(), n.personId()), a);
      a.keys().keySet().forEach(k -> df.merge(k, 1, Integer::sum));
      for (String l : a.languageArray()) {
        languages.merge(l, 1L, Long::sum);
      }
    }
    return summarize(prompts, allNotes, allParticipants, sessions, filter,
        new Context(List.of(), List.of(), analyses, new PhraseRanking.Background(allNotes.size(), df, languages), Set.of()));
  }

  public static Summary summarize(List<Round.Label> prompts, List<Note> allNotes, List<Participant> allParticipants,
                                  List<SessionPair> sessions, Filter filter, Context context) {
    List<Note> notes = allNotes.stream().filter(n -> filter.keeps(n.topic(), n.roomId(), n.centerId())).toList();
    List<Participant> people = allParticipants.stream()
        .filter(p -> filter.keeps(p.topic(), p.roomId(), p.centerId())).toList();
    Work work = new Work(context.background());
    List<Analysed> analysed = notes.stream().map(n -> analyse(n, context.analyses(), work)).toList();
    List<String> placeNames = new ArrayList<>(context.places());
    sessions.stream().flatMap(s -> s.centers().stream()).map(Center::city).filter(Objects::nonNull).forEach(placeNames::add);
    Set<String> setting = PhraseRanking.context(placeNames.stream().distinct().toList(), context.topics());
    PhraseRanking.Background bg = context.background();
    Set<String> hidden = context.hidden();
    work.ready(setting);
    work.hidden = hidden;

    List<Analysed> shown = shown(analysed);
    List<Phrase> top = ranked(shown, work, PHRASES, hidden);
    Map<String, Integer> weights = new HashMap<>();
    top.forEach(r -> weights.put(r.key(), (int) Math.max(1, Math.round(r.score() * 1000))));
    List<Quotes.Candidate> candidates = new ArrayList<>();
    shown.forEach(a -> candidates.addAll(a.sentences()));
    List<Quotes.Quote> quotes = Quotes.choose(candidates, weights, QUOTES);
    // The setting's phrases as counted in the notes (only those keys: most of a note's keys are not places).
    KeyPhrases.Counter all = new KeyPhrases.Counter();
    for (Analysed a : shown) {
      Map<String, String> places = null;
      for (Map.Entry<String, String> e : a.keys().entrySet()) {
        if (setting.contains(e.getKey())) {
          if (places == null) {
            places = new HashMap<>(4);
          }
          places.put(e.getKey(), e.getValue());
        }
      }
      if (places != null) {
        all.addNote(places);
      }
    }
    List<Phrase> contextPhrases = new ArrayList<>();
    setting.stream().filter(k -> all.count(k) > 0).sorted(Comparator.comparingInt((String k) -> -all.count(k)))
        .forEach(k -> contextPhrases.add(new Phrase(k, all.written(k), all.count(k), 0)));

    List<Missing> missing = people.stream().filter(p -> !p.wrote())
        .map(p -> new Missing(p.personId(), p.name(), p.sessionId())).toList();
    String tookPrompt = tookAwayPrompt(prompts);
    return new Summary(notes.size(), people.size(), analysed.size() - shown.size(), top, contextPhrases,
        new Ranking("tf-idf", bg.notes(), bg.small()), quotes,
        groups(analysed, people, n -> n.topic(), Participant::topic, work),
        groups(analysed, people, n -> n.roomId() == null ? null : n.roomId().toString(),
            p -> p.roomId() == null ? null : p.roomId().toString(), work),
        groups(analysed, people, n -> n.centerId() == null ? null : n.centerId().toString(),
            p -> p.centerId() == null ? null : p.centerId().toString(), work),
        missing, tookPrompt, took(tookPrompt, analysed, sessions, filter, work),
        across(analysed, sessions.size(), work));
  }

  /**
   * The notes of a part whose text may show: all of them, unless it holds anonymous notes with words but fewer
   * than {@link #MIN_ANONYMOUS}, when the anonymous ones are left out (counted, not shown). A note without words
   * (one of a session below the floor, kept only as a response: SummaryRoutes.belowFloor) lifts no other over it.
   */
  private static List<Analysed> shown(List<Analysed> cell) {
    boolean anyAnonymous = cell.stream().anyMatch(a -> a.note().anonymous());
    long withWords = cell.stream().filter(a -> a.note().anonymous() && !(a.keys().isEmpty() && a.sentences().isEmpty())).count();
    return !anyAnonymous || withWords >= MIN_ANONYMOUS ? cell : cell.stream().filter(a -> !a.note().anonymous()).toList();
  }

  /**
   * The {@code limit} most distinctive phrases of some notes, each language ranked among the notes
   * written in it and against that language's background (README, "How reflections are summarised"):
   * the languages share the places by their notes (a language with notes gets at least one), the most
   * written language first.
   */
  static List<Phrase> ranked(List<Analysed> notes, Work work, int limit, Set<String> hidden) {
    Map<String, Integer> sizes = new LinkedHashMap<>(4);
    for (Analysed a : notes) {
      for (String lang : a.byLanguage().keySet()) {
        sizes.merge(lang, 1, Integer::sum);
      }
    }
    if (sizes.isEmpty()) {
      return List.of();
    }
    List<String> langs = new ArrayList<>(sizes.keySet());
    langs.sort(Comparator.comparingInt((String l) -> -sizes.get(l)).thenComparing(Comparator.naturalOrder()));
    int total = sizes.values().stream().mapToInt(Integer::intValue).sum();
    Map<String, List<PhraseRanking.Scored>> byLang = new HashMap<>();
    int used = 0;
    // The smaller languages first (their share), then the largest takes the places left.
    for (int i = langs.size() - 1; i >= 0; i--) {
      String lang = langs.get(i);
      int share = i == 0 ? limit - used
          : Math.min(limit - used - 1, Math.max(1, (int) Math.round((double) limit * sizes.get(lang) / total)));
      if (share <= 0) {
        continue;
      }
      List<Coded> keysOfNotes = new ArrayList<>(sizes.get(lang));
      for (Analysed a : notes) {
        Coded c = a.byLanguage().get(lang);
        if (c != null) {
          keysOfNotes.add(c);
        }
      }
      // A few more than the share, so that a phrase folded into a longer one leaves no gap.
      List<PhraseRanking.Scored> r = work.rank(keysOfNotes, lang, share + PhraseRanking.FOLD_SPARE);
      r = PhraseRanking.fold(r, (shorter, longer) -> Coded.alone(work.id(shorter), work.id(longer), keysOfNotes), share);
      byLang.put(lang, r);
      used += r.size();
    }
    List<Phrase> out = new ArrayList<>();
    for (String lang : langs) {
      byLang.getOrDefault(lang, List.of()).forEach(sc -> out.add(new Phrase(sc.key(), sc.phrase(), sc.count(),
          Math.round(sc.score() * 1000) / 1000.0, lang, hidden.contains(sc.key()))));
    }
    return out;
  }

  /**
   * One note's keys in one language as dense ids of the summary ({@link Work}), sorted, each with the id of its
   * spelling ({@code -1}: written as the key): a summary counts its notes many times over (the whole, each topic,
   * room, center and partner line), and counting ids is array arithmetic rather than hashing strings.
   */
  record Coded(int[] ids, int[] spellings) {
    static final Coded NONE = new Coded(new int[0], new int[0]);

    static Coded of(Map<String, String> keys, Work work) {
      long[] pairs = new long[keys.size()];
      int n = 0;
      for (Map.Entry<String, String> e : keys.entrySet()) {
        int id = work.key(e.getKey());
        int spelling = e.getKey().equals(e.getValue()) ? -1 : work.spelling(e.getValue());
        pairs[n++] = ((long) id << 32) | (spelling & 0xFFFFFFFFL);
      }
      Arrays.sort(pairs);
      int[] ids = new int[n];
      int[] spellings = new int[n];
      for (int i = 0; i < n; i++) {
        ids[i] = (int) (pairs[i] >>> 32);
        spellings[i] = (int) pairs[i];
      }
      return new Coded(ids, spellings);
    }

    boolean has(int id) {
      return id >= 0 && Arrays.binarySearch(ids, id) >= 0;
    }

    /** Only the keys of a set (one answer's). */
    Coded only(Set<String> keys, Work work) {
      int n = 0;
      int[] ids2 = new int[ids.length];
      int[] sp2 = new int[ids.length];
      for (int i = 0; i < ids.length; i++) {
        if (keys.contains(work.keys.get(ids[i]))) {
          ids2[n] = ids[i];
          sp2[n++] = spellings[i];
        }
      }
      return n == ids.length ? this : new Coded(Arrays.copyOf(ids2, n), Arrays.copyOf(sp2, n));
    }

    /** In how many of the notes {@code shorter} occurs without {@code longer}. */
    static int alone(int shorter, int longer, List<Coded> notes) {
      int n = 0;
      for (Coded c : notes) {
        if (c.has(shorter) && !c.has(longer)) {
          n++;
        }
      }
      return n;
    }
  }

  /**
   * The keys and spellings of one summary's notes as dense ids, and the scratch counts of one part at a time
   * (a part is counted, ranked and its counts cleared before the next). Ranks as {@link PhraseRanking#rank}
   * does, with each key's idf and setting worked out once per summary.
   */
  static final class Work {
    final PhraseRanking.Background bg;
    final Map<String, Integer> ids = new HashMap<>();
    final List<String> keys = new ArrayList<>();
    final Map<String, Integer> spellingIds = new HashMap<>();
    final List<String> spellings = new ArrayList<>();
    private Set<String> setting = Set.of();
    /** The phrases left out of print: marked wherever they are listed (groups, took-away lines, across sessions). */
    Set<String> hidden = Set.of();
    private int[] count = new int[0];
    private int[] same = new int[0];
    private int[] touched = new int[0];
    private final Map<Long, int[]> spelled = new HashMap<>();
    private final Map<String, double[]> idf = new HashMap<>();
    private byte[] skip = new byte[0]; // 1: the setting's; 0: not

    Work(PhraseRanking.Background bg) {
      this.bg = bg;
    }

    int key(String k) {
      Integer id = ids.get(k);
      if (id == null) {
        id = keys.size();
        ids.put(k, id);
        keys.add(k);
      }
      return id;
    }

    int id(String k) {
      return ids.getOrDefault(k, -1);
    }

    int spelling(String w) {
      Integer id = spellingIds.get(w);
      if (id == null) {
        id = spellings.size();
        spellingIds.put(w, id);
        spellings.add(w);
      }
      return id;
    }

    /** Once every note is coded: the scratch arrays and what each key is. */
    void ready(Set<String> setting) {
      this.setting = setting;
      int n = keys.size();
      count = new int[n];
      same = new int[n];
      touched = new int[n];
      skip = new byte[n];
      for (int i = 0; i < n; i++) {
        String k = keys.get(i);
        skip[i] = setting.contains(k) ? (byte) 1 : 0;
      }
    }

    /** The key's idf against the background of a language (null: of all notes). */
    double idf(String lang, int id) {
      double[] cache = idf.computeIfAbsent(lang == null ? "" : lang, l -> {
        double[] a = new double[keys.size()];
        Arrays.fill(a, Double.NaN);
        return a;
      });
      if (Double.isNaN(cache[id])) {
        cache[id] = (lang == null ? bg : bg.of(lang)).idf(keys.get(id));
      }
      return cache[id];
    }

    boolean setting(int id) {
      return skip[id] == 1;
    }

    /** In how many of the notes each key occurs: {ids, counts} (the scratch cleared again). */
    int[][] count(List<Coded> notes) {
      int n = 0;
      for (Coded c : notes) {
        for (int id : c.ids()) {
          if (count[id]++ == 0) {
            touched[n++] = id;
          }
        }
      }
      int[][] out = {Arrays.copyOf(touched, n), new int[n]};
      for (int t = 0; t < n; t++) {
        out[1][t] = count[touched[t]];
        count[touched[t]] = 0;
      }
      return out;
    }

    /** The key's spelling among these notes ({@link #written(int)}'s rule). */
    String written(int id, List<Analysed> notes) {
      for (Analysed a : notes) {
        Coded c = a.all();
        int at = Arrays.binarySearch(c.ids(), id);
        if (at >= 0) {
          if (c.spellings()[at] < 0) {
            same[id]++;
          } else {
            spelled.computeIfAbsent(((long) id << 32) | c.spellings()[at], x -> new int[1])[0]++;
          }
        }
      }
      try {
        return written(id);
      } finally {
        same[id] = 0;
        spelled.clear();
      }
    }

    /** {@link PhraseRanking#rank} over these notes' keys of one language (the same order, ties and passes). */
    List<PhraseRanking.Scored> rank(List<Coded> notes, String lang, int limit) {
      int n = 0;
      for (Coded c : notes) {
        for (int j = 0; j < c.ids().length; j++) {
          int id = c.ids()[j];
          if (count[id]++ == 0) {
            touched[n++] = id;
          }
          if (c.spellings()[j] < 0) {
            same[id]++;
          } else {
            spelled.computeIfAbsent(((long) id << 32) | c.spellings()[j], x -> new int[1])[0]++;
          }
        }
      }
      try {
        int size = notes.size();
        List<PhraseRanking.Scored> all = new ArrayList<>();
        for (int t = 0; t < n; t++) {
          int id = touched[t];
          if (skip[id] == 1) {
            continue;
          }
          double tf = size == 0 ? 0 : (double) count[id] / size;
          double score = tf * idf(lang, id);
          if (score > 1e-9) { // a phrase every note of the background uses tells nothing
            all.add(new PhraseRanking.Scored(keys.get(id), null, count[id], score));
          }
        }
        return PhraseRanking.choose(all, size, limit, key -> written(ids.get(key)));
      } finally {
        for (int t = 0; t < n; t++) {
          count[touched[t]] = 0;
          same[touched[t]] = 0;
        }
        spelled.clear();
      }
    }

    /** As {@link KeyPhrases.Counter#written}: the most frequent spelling, on a tie the fewer capitals, then the first. */
    private String written(int id) {
      String best = same[id] > 0 ? keys.get(id) : null;
      int bestCount = same[id];
      for (Map.Entry<Long, int[]> e : spelled.entrySet()) {
        if ((int) (e.getKey() >>> 32) != id) {
          continue;
        }
        String w = spellings.get((int) (long) e.getKey());
        int c = e.getValue()[0];
        if (best == null || c > bestCount || (c == bestCount && better(w, best))) {
          best = w;
          bestCount = c;
        }
      }
      return best == null ? keys.get(id) : best;
    }

    private static boolean better(String a, String b) {
      long ua = a.chars().filter(Character::isUpperCase).count();
      long ub = b.chars().filter(Character::isUpperCase).count();
      return ua != ub ? ua < ub : a.compareTo(b) < 0;
    }
  }

  /** The first {@code n} (ranked as ever among {@link #GROUP_PHRASES}, so the same first ones). */
  private static <T> List<T> first(List<T> list, int n) {
    return list.size() <= n ? list : List.copyOf(list.subList(0, n));
  }

  private static List<Phrase> phrases(List<PhraseRanking.Scored> scored) {
    return scored.stream().map(s -> new Phrase(s.key(), s.phrase(), s.count(), Math.round(s.score() * 1000) / 1000.0))
        .toList();
  }

  private static Analysed analyse(Note note, Map<List<Long>, PhraseRanking.Analysis> analyses, Work work) {
    PhraseRanking.Analysis a = analyses.get(List.of(note.sessionId(), note.personId()));
    if (a == null) {
      a = PhraseRanking.Analysis.of(note.answers());
    }
    String author = note.anonymous() ? null : note.author();
    Map<String, Map<String, String>> byLanguage = a.keysByLanguage();
    if (a.languages().isEmpty()) {
      // An analysis without languages (a test's): each answer's language from its text.
      byLanguage = new LinkedHashMap<>();
      for (Map.Entry<String, Set<String>> e : a.byPrompt().entrySet()) {
        String text = note.answers().get(e.getKey());
        Map<String, String> m = byLanguage.computeIfAbsent(text != null && KeyPhrases.mostlyLatin(text)
            ? PhraseRanking.EN : PhraseRanking.JA, x -> new HashMap<>());
        for (String k : e.getValue()) {
          m.put(k, a.keys().getOrDefault(k, k));
        }
      }
    }
    List<Quotes.Candidate> sentences = new ArrayList<>(a.sentences().size());
    List<String> prompts = new ArrayList<>(a.sentences().size());
    List<Long> id = List.of(note.sessionId(), note.personId());
    for (PhraseRanking.Sentence s : a.sentences()) {
      String text = note.answers().get(s.prompt());
      if (text != null && s.start() >= 0 && s.start() <= s.end() && s.end() <= text.length()) {
        sentences.add(new Quotes.Candidate(text, s.start(), s.end(), author, id, s.keys()));
        prompts.add(s.prompt());
      } else if (text == null && !note.answers().containsKey(s.prompt()) && s.start() >= 0 && s.start() <= s.end()) {
        // The note's text was not read (a summary reads the analyses only): the sentence by its place.
        sentences.add(new Quotes.Candidate(null, s.start(), s.end(), author, id, s.keys(),
            new Quotes.Place(note.sessionId(), note.personId(), s.prompt(), s.start(), s.end(), a.textHash())));
        prompts.add(s.prompt());
      }
    }
    Map<String, Coded> coded = new LinkedHashMap<>(4);
    Coded all = null;
    for (Map.Entry<String, Map<String, String>> e : byLanguage.entrySet()) {
      Coded c = Coded.of(e.getValue(), work);
      coded.put(e.getKey(), c);
      if (e.getValue() == a.keys()) {
        all = c; // one language: the same keys
      }
    }
    return new Analysed(note, a.keys(), a.byPrompt(), coded, sentences, prompts,
        all != null ? all : Coded.of(a.keys(), work));
  }

  /**
   * Phrases shared by many sessions (at least two and a third of them) and phrases of one session only.
   * A session uses a phrase when two of its notes do (one, in a session of three notes or fewer). A word most of
   * the network's notes use (the background's, topped up when small) is no single pair's, even where only one
   * session of the round wrote it ({@link #SINGLE_PAIR_MIN_IDF}).
   */
  private static Across across(List<Analysed> allNotes, int sessionCount, Work work) {
    Map<Long, List<Analysed>> cells = new TreeMap<>();
    allNotes.forEach(a -> cells.computeIfAbsent(a.note().sessionId(), x -> new ArrayList<>()).add(a));
    // Per session with notes shown: how many of its notes use each key (ids and counts side by side).
    List<Long> sessionIds = new ArrayList<>();
    List<List<Analysed>> sessionNotes = new ArrayList<>();
    List<int[][]> counted = new ArrayList<>();
    int[] anyUse = new int[work.keys.size()];
    int[] using = new int[work.keys.size()];
    int[] total = new int[work.keys.size()];
    cells.forEach((id, cell) -> {
      List<Analysed> shown = shown(cell);
      if (shown.isEmpty()) {
        return;
      }
      int[][] c = work.count(shown.stream().map(Analysed::all).toList());
      int min = shown.size() <= 3 ? 1 : 2;
      for (int i = 0; i < c[0].length; i++) {
        anyUse[c[0][i]]++;
        total[c[0][i]] += c[1][i];
        if (c[1][i] >= min) {
          using[c[0][i]]++;
        }
      }
      sessionIds.add(id);
      sessionNotes.add(shown);
      counted.add(c);
    });
    if (sessionIds.size() < 2) {
      return new Across(sessionIds.size(), List.of(), List.of());
    }
    int need = Math.max(2, (int) Math.ceil(sessionIds.size() / 3.0));
    List<Integer> recurringIds = new ArrayList<>();
    for (int id = 0; id < using.length; id++) {
      if (using[id] >= need && !work.setting(id) && work.idf(null, id) > 0) {
        recurringIds.add(id);
      }
    }
    recurringIds.sort(Comparator.comparingDouble((Integer id) -> -using[id] * work.idf(null, id))
        .thenComparing(id -> work.keys.get(id)));
    List<Analysed> everyNote = new ArrayList<>();
    sessionNotes.forEach(everyNote::addAll);
    List<Spread> recurring = recurringIds.stream().limit(GROUP_PHRASES)
        .map(id -> new Spread(work.keys.get(id), work.written(id, everyNote), using[id], null, total[id],
            work.hidden.contains(work.keys.get(id)))).toList();
    record Single(int id, int session, int count, double score) {
    }
    List<Single> single = new ArrayList<>();
    for (int s = 0; s < sessionIds.size(); s++) {
      int[][] c = counted.get(s);
      int size = sessionNotes.get(s).size();
      int min = size <= 3 ? 1 : 2;
      for (int i = 0; i < c[0].length; i++) {
        int id = c[0][i];
        if (anyUse[id] == 1 && c[1][i] >= min && !work.setting(id) && work.idf(null, id) > SINGLE_PAIR_MIN_IDF) {
          single.add(new Single(id, s, c[1][i], (double) c[1][i] / size * work.idf(null, id)));
        }
      }
    }
    single.sort(Comparator.comparingDouble((Single x) -> -x.score()).thenComparing(x -> work.keys.get(x.id())));
    List<Spread> singlePair = single.stream().limit(GROUP_PHRASES).map(x -> new Spread(work.keys.get(x.id()),
        work.written(x.id(), sessionNotes.get(x.session())), 1, sessionIds.get(x.session()), x.count(),
        work.hidden.contains(work.keys.get(x.id())))).toList();
    return new Across(sessionIds.size(), recurring, singlePair);
  }

  private static Map<String, Group> groups(List<Analysed> notes, List<Participant> people,
                                           Function<Note, String> noteKey, Function<Participant, String> personKey,
                                           Work work) {
    Map<String, List<Analysed>> cells = new TreeMap<>();
    Map<String, int[]> expected = new HashMap<>();
    for (Analysed a : notes) {
      String k = noteKey.apply(a.note());
      if (k != null) {
        cells.computeIfAbsent(k, x -> new ArrayList<>()).add(a);
      }
    }
    for (Participant p : people) {
      String k = personKey.apply(p);
      if (k != null) {
        expected.computeIfAbsent(k, x -> new int[1])[0]++;
        cells.computeIfAbsent(k, x -> new ArrayList<>());
      }
    }
    Map<String, Group> out = new LinkedHashMap<>();
    cells.forEach((k, cell) -> {
      List<Analysed> shown = shown(cell);
      out.put(k, new Group(cell.size(), expected.getOrDefault(k, new int[1])[0],
          first(ranked(shown, work, GROUP_PHRASES, work.hidden), GROUP_SHOWN), cell.size() - shown.size()));
    });
    return out;
  }

  /**
   * Up to {@link #TOOK_QUOTES} sentences of a center's partner answers that cover its ranked phrases best (the
   * quotes' greedy choice); with no ranked phrase (all of them the setting's), those covering the most phrases.
   */
  private static List<Quotes.Quote> tookQuotes(List<Quotes.Candidate> sentences, List<Phrase> phrases) {
    Map<String, Integer> weights = new HashMap<>();
    phrases.forEach(p -> weights.put(p.key(), (int) Math.max(1, Math.round(p.score() * 1000))));
    List<Quotes.Quote> out = Quotes.choose(sentences, weights, TOOK_QUOTES);
    if (out.isEmpty() && !sentences.isEmpty()) {
      Map<String, Integer> any = new HashMap<>();
      sentences.forEach(c -> c.keys().forEach(k -> any.put(k, 1)));
      out = Quotes.choose(sentences, any, TOOK_QUOTES);
    }
    return out;
  }

  private static List<Took> took(String prompt, List<Analysed> notes, List<SessionPair> sessions, Filter filter,
                                 Work work) {
    List<Took> out = new ArrayList<>();
    if (prompt == null) {
      return out;
    }
    Map<Long, Map<Long, List<Analysed>>> said = new HashMap<>();
    for (Analysed a : notes) {
      Note n = a.note();
      String text = n.answers().get(prompt);
      // An answer given (its text, or when the text was not read, its analysis: only non-blank answers have one).
      boolean answered = text != null ? !text.isBlank() : a.byPrompt().containsKey(prompt);
      if (answered && n.centerId() != null) {
        said.computeIfAbsent(n.sessionId(), x -> new HashMap<>()).computeIfAbsent(n.centerId(), x -> new ArrayList<>())
            .add(a);
      }
    }
    for (SessionPair s : sessions) {
      for (Center c : s.centers()) {
        if (filter.centerId() != null && !filter.centerId().equals(c.id())) {
          continue;
        }
        String partners = String.join("・", s.centers().stream().filter(o -> o.id() != c.id()).map(Center::city)
            .filter(Objects::nonNull).distinct().toList());
        List<Analysed> cell = said.getOrDefault(s.sessionId(), Map.of()).getOrDefault(c.id(), List.of());
        List<Analysed> shown = shown(cell);
        List<Quotes.Candidate> sentences = new ArrayList<>();
        List<Analysed> answers = new ArrayList<>();
        for (Analysed a : shown) {
          for (int i = 0; i < a.sentences().size(); i++) {
            if (prompt.equals(a.sentencePrompts().get(i))) {
              sentences.add(a.sentences().get(i));
            }
          }
          // Only the partner answer's keys count for this line (a language only where it has some of them).
          Set<String> keys = a.byPrompt().getOrDefault(prompt, Set.of());
          Map<String, Coded> byLanguage = new LinkedHashMap<>(4);
          a.byLanguage().forEach((lang, coded) -> {
            Coded only = coded.only(keys, work);
            if (only.ids().length > 0) {
              byLanguage.put(lang, only);
            }
          });
          answers.add(new Analysed(a.note(), Map.of(), Map.of(), byLanguage, List.of(), List.of(), Coded.NONE));
        }
        // The line of what this center took: the distinctive phrases of its answers to the partner prompt,
        // and a few of its sentences chosen as the summary's quotes are (the rest through the evidence route).
        List<Phrase> phrases = ranked(answers, work, TOOK_PHRASES, work.hidden);
        out.add(new Took(s.sessionId(), c.id(), c.name(), partners, cell.size(), phrases,
            tookQuotes(sentences, phrases), cell.size() - shown.size()));
      }
    }
    return out;
  }
}
