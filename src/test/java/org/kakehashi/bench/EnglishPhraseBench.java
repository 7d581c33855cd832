package org.kakehashi.bench;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.kakehashi.reflections.KeyPhrases;
import org.kakehashi.reflections.PhraseRanking;
import org.kakehashi.reflections.Summarizer;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * English key phrases by part of speech (profile {@code bench}): the tagger model's load, the analysis of
 * one note of about 400 characters (English beside the Japanese of {@link ReflectionBench}), and the pure
 * summary over the stored analyses of 5,000 English notes beside 5,000 Japanese ones (README, "How
 * reflections are summarised"). One thread; CPU time beside the wall clock, the machine may be shared.
 */
@Tag("bench")
class EnglishPhraseBench {

  static final String[] PLACES = {"Natori", "Matsue", "Susono", "Kitakyushu", "Morioka", "Takamatsu", "Naha", "Kanazawa"};
  static final String[] THINGS = {"community center", "lifelong learning center", "regional support center",
      "childcare support", "online course", "volunteer group", "neighborhood association", "high school students",
      "library", "disaster drill", "salon activity", "newsletter", "workshop", "Zoom", "LINE official account",
      "staff training"};
  static final String[] FRAMES = {
      "At the %s in %s, the staff work closely with the %s. ",
      "We will take the idea home: the %s staff run a %s with the %s. ",
      "Our %s wants to try the %s too, but we need more people for the %s. ",
      "I was surprised that the %s of %s keeps the %s going every month! ",
      "In the breakout room we talked about the %s, the %s and the %s. ",
      "Next time we want to visit the %s in %s and see the %s. ",
      "Small steps: the %s in %s started with a %s. "};

  static String text(Random rnd, int length) {
    StringBuilder sb = new StringBuilder();
    while (sb.length() < length) {
      sb.append(String.format(FRAMES[rnd.nextInt(FRAMES.length)], pick(rnd), pick(rnd), pick(rnd)));
    }
    return sb.toString().strip();
  }

  static String pick(Random rnd) {
    return rnd.nextInt(3) == 0 ? PLACES[rnd.nextInt(PLACES.length)] : THINGS[rnd.nextInt(THINGS.length)];
  }

  /** ReflectionBench's corpus with each answer in English instead (the same seed, sessions and pairs). */
  static ReflectionBench.Corpus corpus() {
    ReflectionBench.Corpus ja = ReflectionBench.corpus();
    Random rnd = new Random(7);
    List<Summarizer.Note> notes = new ArrayList<>();
    long chars = 0;
    for (Summarizer.Note n : ja.notes()) {
      String aware = text(rnd, 250);
      String partner = text(rnd, 150);
      chars += aware.length() + partner.length();
      notes.add(new Summarizer.Note(n.sessionId(), n.personId(), n.author(), n.anonymous(), n.centerId(), n.topic(),
          n.roomId(), Map.of("aware", aware, "partner", partner)));
    }
    List<Summarizer.SessionPair> pairs = new ArrayList<>();
    for (Summarizer.SessionPair p : ja.pairs()) {
      pairs.add(new Summarizer.SessionPair(p.sessionId(), p.centers().stream()
          .map(c -> new Summarizer.Center(c.id(), c.name(), PLACES[(int) (c.id() % PLACES.length)])).toList()));
    }
    return new ReflectionBench.Corpus(notes, ja.people(), pairs, chars);
  }

  @Test
  void english() {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    BenchReport report = new BenchReport("english-phrases", "what", "notes", "ms (best)", "ms (median)", "CPU ms (best)",
        "load average");
    long t0 = System.nanoTime();
    long c0 = threads.getCurrentThreadCpuTime();
    List<KeyPhrases.Phrase> first = KeyPhrases.extract("The disaster drill at the community center.");
    report.row("first English note: tagger model read from the classpath", 1, (System.nanoTime() - t0) / 1_000_000, "-",
        (threads.getCurrentThreadCpuTime() - c0) / 1_000_000, ReflectionBench.load());
    assertThat(first).extracting(KeyPhrases.Phrase::text).contains("disaster drill", "community center");

    ReflectionBench.Corpus en = corpus();
    ReflectionBench.Corpus ja = ReflectionBench.corpus();
    analyse(report, "analysis of one note (~400 chars), English", en);
    analyse(report, "analysis of one note (~400 chars), Japanese", ja);
    summarise(report, "Summarizer.summarize, stored analyses, English notes", en, PhraseRanking.EN);
    summarise(report, "Summarizer.summarize, stored analyses, Japanese notes (ReflectionBench's)", ja, PhraseRanking.JA);
    report.finish();
  }

  /** PhraseRanking.Analysis.of per note (what a write costs): the first 1,000 notes, three passes, per-note ms ×1000 = µs. */
  private static void analyse(BenchReport report, String what, ReflectionBench.Corpus corpus) {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    List<Summarizer.Note> notes = corpus.notes().subList(0, 1_000);
    notes.stream().limit(200).forEach(n -> PhraseRanking.Analysis.of(n.answers())); // warm-up
    long[] us = new long[3];
    long[] cpu = new long[us.length];
    for (int r = 0; r < us.length; r++) {
      long c0 = threads.getCurrentThreadCpuTime();
      long t0 = System.nanoTime();
      for (Summarizer.Note n : notes) {
        PhraseRanking.Analysis.of(n.answers());
      }
      us[r] = (System.nanoTime() - t0) / 1_000 / notes.size();
      cpu[r] = (threads.getCurrentThreadCpuTime() - c0) / 1_000 / notes.size();
    }
    Arrays.sort(us);
    Arrays.sort(cpu);
    report.row(what + " (µs per note)", notes.size(), us[0], us[us.length / 2], cpu[0], ReflectionBench.load());
  }

  /** As ReflectionBench's stored summary: analyses packed and read back through one dictionary, then summarised. */
  private static void summarise(BenchReport report, String what, ReflectionBench.Corpus corpus, String lang) {
    Map<String, String> dictionary = new HashMap<>();
    Map<List<Long>, PhraseRanking.Analysis> analyses = new HashMap<>();
    Map<String, Integer> df = new HashMap<>();
    List<PhraseRanking.Analysis> made = corpus.notes().parallelStream().map(n -> PhraseRanking.Analysis.of(n.answers())).toList();
    long keys = 0;
    for (int i = 0; i < made.size(); i++) {
      Summarizer.Note n = corpus.notes().get(i);
      PhraseRanking.Analysis a = made.get(i);
      String[] k = Arrays.stream(a.keyArray()).map(x -> dictionary.computeIfAbsent(x, y -> y)).toArray(String[]::new);
      analyses.put(List.of(n.sessionId(), n.personId()), PhraseRanking.Analysis.unpack(k, a.pack()));
      a.keys().keySet().forEach(x -> df.merge(x, 1, Integer::sum));
      keys += k.length;
    }
    int notes = corpus.notes().size();
    Summarizer.Context context = new Summarizer.Context(List.of(), List.of(), analyses,
        new PhraseRanking.Background(notes, df, Map.of(lang, (long) notes)), java.util.Set.of());
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long[] ms = new long[9];
    long[] cpu = new long[ms.length];
    Summarizer.Summary last = null;
    for (int r = -3; r < ms.length; r++) {
      long c0 = threads.getCurrentThreadCpuTime();
      long t0 = System.nanoTime();
      last = Summarizer.summarize(ReflectionBench.PROMPTS, corpus.notes(), corpus.people(), corpus.pairs(),
          Summarizer.Filter.NONE, context);
      if (r >= 0) {
        ms[r] = (System.nanoTime() - t0) / 1_000_000;
        cpu[r] = (threads.getCurrentThreadCpuTime() - c0) / 1_000_000;
      }
    }
    Arrays.sort(ms);
    Arrays.sort(cpu);
    report.row(what + " (" + keys / notes + " keys per note, " + dictionary.size() + " distinct)", notes, ms[0],
        ms[ms.length / 2], cpu[0], ReflectionBench.load());
    System.out.println(lang + " top phrases: " + last.keyPhrases().subList(0, Math.min(10, last.keyPhrases().size())));
  }
}
