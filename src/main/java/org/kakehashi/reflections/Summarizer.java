package org.kakehashi.reflections;

import org.kakehashi.rounds.Round;

import java.util.ArrayList;
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
  public record Group(int responses, int expected, List<KeyPhrases.Count> keyPhrases) {
  }

  /** Someone who has not written yet (in a round summary, once per session they were in). */
  public record Missing(long personId, String name, long sessionId) {
  }

  /** What one center of a pair said it took from its partner city. */
  public record Took(long sessionId, long centerId, String centerName, String partnerCity, int count,
                     List<Quotes.Quote> tookAway) {
  }

  /** The whole summary (the JSON of the summary routes). */
  public record Summary(int responses, int expected, List<KeyPhrases.Count> keyPhrases, List<Quotes.Quote> quotes,
                        Map<String, Group> byTopic, Map<String, Group> byRoom, Map<String, Group> byCenter,
                        List<Missing> missing, String tookAwayPrompt, List<Took> pairs) {
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

  /** One note analysed once: its phrase keys (with a spelling) and its quotable sentences. */
  private record Analysed(Note note, Map<String, String> keys, List<Quotes.Candidate> sentences) {
  }

  public static Summary summarize(List<Round.Label> prompts, List<Note> allNotes, List<Participant> allParticipants,
                                  List<SessionPair> sessions, Filter filter) {
    List<Note> notes = allNotes.stream().filter(n -> filter.keeps(n.topic(), n.roomId(), n.centerId())).toList();
    List<Participant> people = allParticipants.stream()
        .filter(p -> filter.keeps(p.topic(), p.roomId(), p.centerId())).toList();
    List<Analysed> analysed = notes.stream().map(Summarizer::analyse).toList();

    KeyPhrases.Counter all = new KeyPhrases.Counter();
    analysed.forEach(a -> all.addNote(a.keys()));
    List<KeyPhrases.Ranked> top = all.top(PHRASES, 1);
    Map<String, Integer> weights = new HashMap<>();
    top.forEach(r -> weights.put(r.key(), r.count()));
    List<Quotes.Candidate> candidates = new ArrayList<>();
    analysed.forEach(a -> candidates.addAll(a.sentences()));
    List<Quotes.Quote> quotes = Quotes.choose(candidates, weights, QUOTES);

    List<Missing> missing = people.stream().filter(p -> !p.wrote())
        .map(p -> new Missing(p.personId(), p.name(), p.sessionId())).toList();
    String tookPrompt = tookAwayPrompt(prompts);
    return new Summary(notes.size(), people.size(), top.stream().map(KeyPhrases.Ranked::toCount).toList(), quotes,
        groups(analysed, people, n -> n.topic(), Participant::topic),
        groups(analysed, people, n -> n.roomId() == null ? null : n.roomId().toString(),
            p -> p.roomId() == null ? null : p.roomId().toString()),
        groups(analysed, people, n -> n.centerId() == null ? null : n.centerId().toString(),
            p -> p.centerId() == null ? null : p.centerId().toString()),
        missing, tookPrompt, took(tookPrompt, notes, sessions, filter));
  }

  private static Analysed analyse(Note note) {
    Map<String, String> keys = new HashMap<>();
    List<Quotes.Candidate> sentences = new ArrayList<>();
    String author = note.anonymous() ? null : note.author();
    for (String text : note.answers().values()) {
      List<KeyPhrases.Phrase> phrases = KeyPhrases.extract(text);
      phrases.forEach(p -> keys.putIfAbsent(p.key(), p.text()));
      int i = 0;
      for (int[] s : Quotes.sentences(text)) {
        String sentence = text.substring(s[0], s[1]);
        java.util.Set<String> in = new java.util.HashSet<>();
        while (i < phrases.size() && phrases.get(i).end() <= s[1]) {
          if (phrases.get(i).start() >= s[0]) {
            in.add(phrases.get(i).key());
          }
          i++;
        }
        if (Quotes.quotable(sentence) && !in.isEmpty()) {
          sentences.add(new Quotes.Candidate(sentence, author, List.of(note.sessionId(), note.personId()), in));
        }
      }
    }
    return new Analysed(note, keys, sentences);
  }

  private static Map<String, Group> groups(List<Analysed> notes, List<Participant> people,
                                           Function<Note, String> noteKey, Function<Participant, String> personKey) {
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
    counters.forEach((k, c) -> out.put(k, new Group(responses.getOrDefault(k, new int[1])[0],
        expected.getOrDefault(k, new int[1])[0], c.top(GROUP_PHRASES, 1).stream().map(KeyPhrases.Ranked::toCount).toList())));
    return out;
  }

  private static List<Took> took(String prompt, List<Note> notes, List<SessionPair> sessions, Filter filter) {
    List<Took> out = new ArrayList<>();
    if (prompt == null) {
      return out;
    }
    Map<Long, Map<Long, List<Quotes.Quote>>> said = new HashMap<>();
    for (Note n : notes) {
      String text = n.answers().get(prompt);
      if (text != null && !text.isBlank() && n.centerId() != null) {
        said.computeIfAbsent(n.sessionId(), x -> new HashMap<>()).computeIfAbsent(n.centerId(), x -> new ArrayList<>())
            .add(new Quotes.Quote(text, n.anonymous() ? null : n.author()));
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
        out.add(new Took(s.sessionId(), c.id(), c.name(), partners, texts.size(),
            texts.subList(0, Math.min(texts.size(), TOOK_AWAY_PER_CENTER))));
      }
    }
    return out;
  }
}
