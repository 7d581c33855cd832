package org.kakehashi.reflections;

import org.kakehashi.rounds.Round;

import java.util.ArrayList;
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
 */
public final class Summarizer {

  static final int PHRASES = 20;
  static final int GROUP_PHRASES = 10;
  static final int QUOTES = 5;
  static final int TOOK_AWAY_PER_CENTER = 50;
  static final int TOOK_PHRASES = 5;

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

  /** Responses, expected and key phrases of a part of the summary. */
  public record Group(int responses, int expected, List<Phrase> keyPhrases) {
  }

  /**
   * A phrase of the summary: its key (for the evidence and hide routes), as written, in how many notes
   * of the part, and its distinctiveness score (PhraseRanking).
   */
  public record Phrase(String key, String phrase, int count, double score) {
  }

  /** A phrase recurring across the sessions of a round, or found in one session (one pair) only. */
  public record Spread(String key, String phrase, int sessions, Long sessionId, int count) {
  }

  /** Across the sessions of the scope: phrases many sessions share and phrases of a single pair. */
  public record Across(int sessions, List<Spread> recurring, List<Spread> singlePair) {
  }

  /** Someone who has not written yet (in a round summary, once per session they were in). */
  public record Missing(long personId, String name, long sessionId) {
  }

  /** What one center of a pair said it took from its partner city. */
  public record Took(long sessionId, long centerId, String centerName, String partnerCity, int count,
                     List<Phrase> keyPhrases, List<Quotes.Quote> tookAway) {
  }

  /** The whole summary (the JSON of the summary routes). */
  public record Summary(int responses, int expected, List<Phrase> keyPhrases, List<Phrase> contextPhrases,
                        Ranking ranking, List<Quotes.Quote> quotes,
                        Map<String, Group> byTopic, Map<String, Group> byRoom, Map<String, Group> byCenter,
                        List<Missing> missing, String tookAwayPrompt, List<Took> pairs, Across acrossSessions) {
  }

  /** How the phrases were ranked: the measure, the network's notes, and whether the small-background top-up was used. */
  public record Ranking(String measure, long backgroundNotes, boolean smallBackground) {
  }

  /** Everything a summary is made of besides the notes: their stored analyses, the background, the topic labels. */
  public record Context(List<Round.Label> topics, Map<List<Long>, PhraseRanking.Analysis> analyses,
                        PhraseRanking.Background background) {
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

  /** One note with its analysis and quotable sentences. */
  private record Analysed(Note note, Map<String, String> keys, Map<String, Set<String>> byPrompt,
                          List<Quotes.Candidate> sentences) {
  }

  /** The summary of notes analysed here, against a background of these notes only (the benchmark's pure run). */
  public static Summary summarize(List<Round.Label> prompts, List<Note> allNotes, List<Participant> allParticipants,
                                  List<SessionPair> sessions, Filter filter) {
    Map<List<Long>, PhraseRanking.Analysis> analyses = new HashMap<>();
    Map<String, Integer> df = new HashMap<>();
    for (Note n : allNotes) {
      PhraseRanking.Analysis a = PhraseRanking.Analysis.of(n.answers());
      analyses.put(List.of(n.sessionId(), n.personId()), a);
      a.keys().keySet().forEach(k -> df.merge(k, 1, Integer::sum));
    }
    return summarize(prompts, allNotes, allParticipants, sessions, filter,
        new Context(List.of(), analyses, new PhraseRanking.Background(allNotes.size(), df)));
  }

  public static Summary summarize(List<Round.Label> prompts, List<Note> allNotes, List<Participant> allParticipants,
                                  List<SessionPair> sessions, Filter filter, Context context) {
    List<Note> notes = allNotes.stream().filter(n -> filter.keeps(n.topic(), n.roomId(), n.centerId())).toList();
    List<Participant> people = allParticipants.stream()
        .filter(p -> filter.keeps(p.topic(), p.roomId(), p.centerId())).toList();
    List<Analysed> analysed = notes.stream().map(n -> analyse(n, context.analyses())).toList();
    Set<String> setting = PhraseRanking.context(sessions.stream().flatMap(s -> s.centers().stream())
        .map(Center::city).distinct().toList(), context.topics());
    PhraseRanking.Background bg = context.background();

    KeyPhrases.Counter all = new KeyPhrases.Counter();
    analysed.forEach(a -> all.addNote(a.keys()));
    List<PhraseRanking.Scored> top = PhraseRanking.rank(all, analysed.size(), bg, setting, PHRASES);
    Map<String, Integer> weights = new HashMap<>();
    top.forEach(r -> weights.put(r.key(), (int) Math.max(1, Math.round(r.score() * 1000))));
    List<Quotes.Candidate> candidates = new ArrayList<>();
    analysed.forEach(a -> candidates.addAll(a.sentences()));
    List<Quotes.Quote> quotes = Quotes.choose(candidates, weights, QUOTES);
    List<Phrase> contextPhrases = new ArrayList<>();
    setting.stream().filter(k -> all.count(k) > 0).sorted(Comparator.comparingInt((String k) -> -all.count(k)))
        .forEach(k -> contextPhrases.add(new Phrase(k, all.written(k), all.count(k), 0)));

    List<Missing> missing = people.stream().filter(p -> !p.wrote())
        .map(p -> new Missing(p.personId(), p.name(), p.sessionId())).toList();
    String tookPrompt = tookAwayPrompt(prompts);
    return new Summary(notes.size(), people.size(), phrases(top), contextPhrases,
        new Ranking("tf-idf", bg.notes(), bg.small()), quotes,
        groups(analysed, people, n -> n.topic(), Participant::topic, bg, setting),
        groups(analysed, people, n -> n.roomId() == null ? null : n.roomId().toString(),
            p -> p.roomId() == null ? null : p.roomId().toString(), bg, setting),
        groups(analysed, people, n -> n.centerId() == null ? null : n.centerId().toString(),
            p -> p.centerId() == null ? null : p.centerId().toString(), bg, setting),
        missing, tookPrompt, took(tookPrompt, analysed, sessions, filter, bg, setting),
        across(analysed, sessions.size(), bg, setting));
  }

  private static List<Phrase> phrases(List<PhraseRanking.Scored> scored) {
    return scored.stream().map(s -> new Phrase(s.key(), s.phrase(), s.count(), Math.round(s.score() * 1000) / 1000.0))
        .toList();
  }

  private static Analysed analyse(Note note, Map<List<Long>, PhraseRanking.Analysis> analyses) {
    PhraseRanking.Analysis a = analyses.get(List.of(note.sessionId(), note.personId()));
    if (a == null) {
      a = PhraseRanking.Analysis.of(note.answers());
    }
    String author = note.anonymous() ? null : note.author();
    List<Quotes.Candidate> sentences = new ArrayList<>(a.sentences().size());
    for (PhraseRanking.Sentence s : a.sentences()) {
      String text = note.answers().get(s.prompt());
      if (text != null && s.end() <= text.length()) {
        sentences.add(new Quotes.Candidate(text.substring(s.start(), s.end()), author,
            List.of(note.sessionId(), note.personId()), s.keys()));
      }
    }
    return new Analysed(note, a.keys(), a.byPrompt(), sentences);
  }

  /**
   * Phrases shared by many sessions (at least two and a third of them) and phrases of one session only.
   * A session uses a phrase when two of its notes do (one, in a session of three notes or fewer).
   */
  private static Across across(List<Analysed> notes, int sessionCount, PhraseRanking.Background bg, Set<String> setting) {
    Map<Long, KeyPhrases.Counter> bySession = new TreeMap<>();
    Map<Long, int[]> sizes = new HashMap<>();
    for (Analysed a : notes) {
      bySession.computeIfAbsent(a.note().sessionId(), x -> new KeyPhrases.Counter()).addNote(a.keys());
      sizes.computeIfAbsent(a.note().sessionId(), x -> new int[1])[0]++;
    }
    if (bySession.size() < 2) {
      return new Across(bySession.size(), List.of(), List.of());
    }
    Map<String, Integer> using = new HashMap<>();
    Map<String, Integer> anyUse = new HashMap<>();
    bySession.forEach((id, c) -> {
      int min = sizes.get(id)[0] <= 3 ? 1 : 2;
      c.keys().forEach(k -> {
        anyUse.merge(k, 1, Integer::sum);
        if (c.count(k) >= min) {
          using.merge(k, 1, Integer::sum);
        }
      });
    });
    KeyPhrases.Counter all = new KeyPhrases.Counter();
    notes.forEach(a -> all.addNote(a.keys()));
    int need = Math.max(2, (int) Math.ceil(bySession.size() / 3.0));
    List<Spread> recurring = using.entrySet().stream()
        .filter(e -> e.getValue() >= need && !setting.contains(e.getKey()) && bg.idf(e.getKey()) > 0)
        .sorted(Comparator.comparingDouble((Map.Entry<String, Integer> e) -> -e.getValue() * bg.idf(e.getKey()))
            .thenComparing(Map.Entry::getKey))
        .limit(GROUP_PHRASES)
        .map(e -> new Spread(e.getKey(), all.written(e.getKey()), e.getValue(), null, all.count(e.getKey()))).toList();
    List<Spread> single = new ArrayList<>();
    bySession.forEach((id, c) -> {
      int min = sizes.get(id)[0] <= 3 ? 1 : 2;
      c.keys().stream().filter(k -> anyUse.get(k) == 1 && c.count(k) >= min && !setting.contains(k))
          .forEach(k -> single.add(new Spread(k, c.written(k), 1, id, c.count(k))));
    });
    single.sort(Comparator.comparingDouble((Spread s) -> -(double) s.count() / sizes.get(s.sessionId())[0] * bg.idf(s.key()))
        .thenComparing(Spread::key));
    return new Across(bySession.size(), recurring, single.subList(0, Math.min(single.size(), GROUP_PHRASES)));
  }

  private static Map<String, Group> groups(List<Analysed> notes, List<Participant> people,
                                           Function<Note, String> noteKey, Function<Participant, String> personKey,
                                           PhraseRanking.Background bg, Set<String> setting) {
    Map<String, KeyPhrases.Counter> counters = new TreeMap<>();
    Map<String, int[]> responses = new HashMap<>();
    Map<String, int[]> expected = new HashMap<>();
    for (Analysed a : notes) {
      String k = noteKey.apply(a.note());
      if (k != null) {
        counters.computeIfAbsent(k, x -> new KeyPhrases.Counter()).addNote(a.keys());
        responses.computeIfAbsent(k, x -> new int[1])[0]++;
      }
    }
    for (Participant p : people) {
      String k = personKey.apply(p);
      if (k != null) {
        expected.computeIfAbsent(k, x -> new int[1])[0]++;
        counters.computeIfAbsent(k, x -> new KeyPhrases.Counter());
      }
    }
    Map<String, Group> out = new LinkedHashMap<>();
    counters.forEach((k, c) -> {
      int n = responses.getOrDefault(k, new int[1])[0];
      out.put(k, new Group(n, expected.getOrDefault(k, new int[1])[0],
          phrases(PhraseRanking.rank(c, n, bg, setting, GROUP_PHRASES))));
    });
    return out;
  }

  private static List<Took> took(String prompt, List<Analysed> notes, List<SessionPair> sessions, Filter filter,
                                 PhraseRanking.Background bg, Set<String> setting) {
    List<Took> out = new ArrayList<>();
    if (prompt == null) {
      return out;
    }
    Map<Long, Map<Long, List<Quotes.Quote>>> said = new HashMap<>();
    Map<Long, Map<Long, KeyPhrases.Counter>> phrases = new HashMap<>();
    for (Analysed a : notes) {
      Note n = a.note();
      String text = n.answers().get(prompt);
      if (text != null && !text.isBlank() && n.centerId() != null) {
        said.computeIfAbsent(n.sessionId(), x -> new HashMap<>()).computeIfAbsent(n.centerId(), x -> new ArrayList<>())
            .add(new Quotes.Quote(text, n.anonymous() ? null : n.author()));
        Map<String, String> keys = new HashMap<>();
        a.byPrompt().getOrDefault(prompt, Set.of()).forEach(k -> keys.put(k, a.keys().get(k)));
        phrases.computeIfAbsent(n.sessionId(), x -> new HashMap<>())
            .computeIfAbsent(n.centerId(), x -> new KeyPhrases.Counter()).addNote(keys);
      }
    }
    for (SessionPair s : sessions) {
      for (Center c : s.centers()) {
        if (filter.centerId() != null && !filter.centerId().equals(c.id())) {
          continue;
        }
        String partners = String.join("・", s.centers().stream().filter(o -> o.id() != c.id()).map(Center::city)
            .filter(Objects::nonNull).distinct().toList());
        List<Quotes.Quote> texts = said.getOrDefault(s.sessionId(), Map.of()).getOrDefault(c.id(), List.of());
        KeyPhrases.Counter counter = phrases.getOrDefault(s.sessionId(), Map.of()).getOrDefault(c.id(),
            new KeyPhrases.Counter());
        // The line of what this center took: the distinctive phrases of its answers to the partner prompt.
        out.add(new Took(s.sessionId(), c.id(), c.name(), partners, texts.size(),
            phrases(PhraseRanking.rank(counter, texts.size(), bg, setting, TOOK_PHRASES)),
            texts.subList(0, Math.min(texts.size(), TOOK_AWAY_PER_CENTER))));
      }
    }
    return out;
  }
}
