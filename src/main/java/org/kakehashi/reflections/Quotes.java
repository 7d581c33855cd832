package org.kakehashi.reflections;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Representative quotes: whole sentences taken from the notes, never rewritten, chosen greedily so
 * that each adds the most weight of key phrases not yet covered by the quotes before it (at most one
 * sentence per note, so one talkative writer cannot fill the list). Pure.
 */
public final class Quotes {

  /**
   * A quote as shown: the sentence as written and, only when its writer chose to be named, the name. A quote
   * chosen from a note whose text was not read (a summary reads only the analyses) has no text yet but its
   * {@code place}, never sent: the caller reads those few notes and fills the text in ({@link #withText}).
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Quote(String text, String author, @JsonIgnore Place place) {
    public Quote(String text, String author) {
      this(text, author, null);
    }

    /** The quote with its text cut from the note's answer; null when the answer no longer is the one analysed. */
    public Quote withText(Map<String, String> answers, Integer textHash) {
      String answer = answers.get(place.prompt());
      if (answer == null || place.end() > answer.length() || !java.util.Objects.equals(textHash, place.textHash())) {
        return null;
      }
      return new Quote(answer.substring(place.start(), place.end()), author);
    }
  }

  /** Where a sentence is: its note, the answer's prompt, its UTF-16 offsets and the hash of the text analysed. */
  public record Place(long sessionId, long personId, String prompt, int start, int end, Integer textHash) {
  }

  /**
   * A sentence that may be quoted: {@code source.substring(start, end)} (cut only if chosen), its note (to
   * pick one per note), author (null: anonymous) and phrase keys; with a null source, its {@code place}.
   */
  public record Candidate(String source, int start, int end, String author, Object note, Set<String> keys, Place place) {
    public Candidate(String source, int start, int end, String author, Object note, Set<String> keys) {
      this(source, start, end, author, note, keys, null);
    }

    public Candidate(String text, String author, Object note, Set<String> keys) {
      this(text, 0, text.length(), author, note, keys);
    }

    public String text() {
      return source == null ? null : start == 0 && end == source.length() ? source : source.substring(start, end);
    }

    Quote quote() {
      return source == null ? new Quote(null, author, place) : new Quote(text(), author);
    }

    int length() {
      return end - start;
    }
  }

  static final int MIN_LENGTH = 8;
  /** An odd constant and its inverse modulo 2^64. */
  private static final long SPREAD = 0x9E3779B97F4A7C15L;
  private static final long UNSPREAD = inverse(SPREAD);
  static final int MAX_LENGTH = 300;

  private Quotes() {
  }

  /**
   * Up to {@code n} quotes covering the weighted phrases best; a sentence that adds nothing new is not
   * chosen. Greedy: each pick is the sentence adding the most weight not yet covered, ties going to the
   * shorter sentence, then the earlier. A sentence's gain depends only on which weighted phrases it holds,
   * so sentences are grouped by that set (a bit mask, when there are at most 64 weighted phrases) and each
   * pick compares the groups' first unused sentences — the same choice as recomputing every sentence.
   */
  public static List<Quote> choose(List<Candidate> candidates, Map<String, Integer> weights, int n) {
    if (weights.size() > Long.SIZE) {
      return chooseLazily(candidates, weights, n);
    }
    Map<String, Integer> bit = new java.util.HashMap<>(weights.size() * 2);
    long[] weightOf = new long[weights.size()];
    for (Map.Entry<String, Integer> e : weights.entrySet()) {
      weightOf[bit.size()] = e.getValue();
      bit.put(e.getKey(), bit.size());
    }
    // The sentences in the order ties go by (the shorter, then the earlier): one sort of primitive keys.
    long[] byLength = new long[candidates.size()];
    for (int i = 0; i < byLength.length; i++) {
      byLength[i] = ((long) candidates.get(i).length() << 32) | i;
    }
    Arrays.sort(byLength);
    // Grouped by mask, each group in that order; the map's key is the mask times an odd constant (one-to-one),
    // which spreads masks that differ only in high bits over the table.
    Map<Long, int[]> groups = new java.util.HashMap<>();
    int[] rank = new int[candidates.size()];
    for (int r = 0; r < byLength.length; r++) {
      int i = (int) byLength[r];
      rank[i] = r;
      long mask = 0;
      for (String k : candidates.get(i).keys()) {
        Integer b = bit.get(k);
        if (b != null && weightOf[b] > 0) {
          mask |= 1L << b;
        }
      }
      if (mask != 0) {
        int[] g = groups.computeIfAbsent(mask * SPREAD, x -> new int[5]);
        if (g[0] + 1 == g.length) {
          g = Arrays.copyOf(g, g.length * 2);
          groups.put(mask * SPREAD, g);
        }
        g[++g[0]] = i; // g[0]: how many; the members from g[1] on
      }
    }
    long[] masks = new long[groups.size()];
    int[][] members = new int[groups.size()][];
    int g = 0;
    for (Map.Entry<Long, int[]> e : groups.entrySet()) {
      masks[g] = e.getKey() * UNSPREAD;
      members[g++] = Arrays.copyOfRange(e.getValue(), 1, e.getValue()[0] + 1);
    }
    int[] next = new int[masks.length];
    Set<Object> usedNotes = new HashSet<>();
    List<Quote> out = new ArrayList<>();
    long covered = 0;
    while (out.size() < n) {
      int best = -1;
      long bestGain = 0;
      for (int i = 0; i < masks.length; i++) {
        long open = masks[i] & ~covered;
        if (open == 0) {
          continue;
        }
        while (next[i] < members[i].length && usedNotes.contains(candidates.get(members[i][next[i]]).note())) {
          next[i]++;
        }
        if (next[i] == members[i].length) {
          continue;
        }
        long gain = 0;
        for (long m = open; m != 0; m &= m - 1) {
          gain += weightOf[Long.numberOfTrailingZeros(m)];
        }
        if (gain > bestGain || (gain == bestGain && best >= 0 && rank[members[i][next[i]]] < rank[members[best][next[best]]])) {
          best = i;
          bestGain = gain;
        }
      }
      if (best < 0) {
        break;
      }
      Candidate c = candidates.get(members[best][next[best]]);
      covered |= masks[best];
      usedNotes.add(c.note());
      out.add(c.quote());
    }
    return out;
  }

  /**
   * The same choice for many weighted phrases: lazy re-evaluation (a sentence's gain only falls as phrases
   * get covered, so its last computed gain bounds it and only the sentences at the top of the queue are
   * recomputed).
   */
  static List<Quote> chooseLazily(List<Candidate> candidates, Map<String, Integer> weights, int n) {
    Set<String> covered = new HashSet<>();
    Set<Object> usedNotes = new HashSet<>();
    List<Quote> out = new ArrayList<>();
    java.util.PriorityQueue<long[]> queue = new java.util.PriorityQueue<>((a, b) -> a[0] != b[0]
        ? Long.compare(b[0], a[0]) : a[1] != b[1] ? Long.compare(a[1], b[1]) : Long.compare(a[2], b[2]));
    for (int i = 0; i < candidates.size(); i++) {
      long gain = gain(candidates.get(i), weights, covered);
      if (gain > 0) {
        queue.add(new long[] {gain, candidates.get(i).length(), i});
      }
    }
    while (out.size() < n && !queue.isEmpty()) {
      long[] top = queue.poll();
      Candidate c = candidates.get((int) top[2]);
      if (usedNotes.contains(c.note())) {
        continue;
      }
      long gain = gain(c, weights, covered);
      if (gain <= 0) {
        continue;
      }
      long[] next = queue.peek();
      if (gain < top[0] && next != null && (next[0] > gain || (next[0] == gain && (next[1] < top[1]
          || (next[1] == top[1] && next[2] < top[2]))))) {
        top[0] = gain;
        queue.add(top);
        continue;
      }
      covered.addAll(c.keys());
      usedNotes.add(c.note());
      out.add(c.quote());
    }
    return out;
  }

  /** The multiplicative inverse of an odd number modulo 2^64 (Newton's iteration). */
  private static long inverse(long odd) {
    long x = odd;
    for (int i = 0; i < 5; i++) {
      x *= 2 - odd * x;
    }
    return x;
  }

  private static long gain(Candidate c, Map<String, Integer> weights, Set<String> covered) {
    long gain = 0;
    for (String k : c.keys()) {
      if (!covered.contains(k)) {
        gain += weights.getOrDefault(k, 0);
      }
    }
    return gain;
  }

  /**
   * The sentences of a text as {start, end} offsets, trimmed: a sentence ends after 。！？!? (and their
   * full-width forms), after an emoji, after a full stop followed by a space, or at a line break.
   */
  public static List<int[]> sentences(String text) {
    List<int[]> out = new ArrayList<>();
    int start = 0;
    int n = text.length();
    for (int i = 0; i < n; i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < n && text.codePointAt(i) >= 0x1F300 && text.codePointAt(i) <= 0x1FAFF) {
        // An emoji closes a sentence as a full stop would (課題です😊次は…).
        add(out, text, start, i + 2);
        start = i + 2;
        i++;
        continue;
      }
      boolean end = c == '。' || c == '！' || c == '？' || c == '!' || c == '?' || c == '．'
          || (c == '.' && (i + 1 == n || Character.isWhitespace(text.charAt(i + 1))));
      if (c == '\n' || c == '\r') {
        add(out, text, start, i);
        start = i + 1;
      } else if (end) {
        // Closing brackets and quotes after the stop belong to the sentence (「…。」).
        int j = i + 1;
        while (j < n && "」』）)\"'”".indexOf(text.charAt(j)) >= 0) {
          j++;
        }
        add(out, text, start, j);
        start = j;
        i = j - 1;
      }
    }
    add(out, text, start, n);
    return out;
  }

  private static void add(List<int[]> out, String text, int start, int end) {
    while (start < end && Character.isWhitespace(text.charAt(start))) {
      start++;
    }
    while (end > start && Character.isWhitespace(text.charAt(end - 1))) {
      end--;
    }
    if (end > start) {
      out.add(new int[] {start, end});
    }
  }

  /** Whether a sentence is a sensible length to quote. */
  static boolean quotable(String sentence) {
    int len = sentence.codePointCount(0, sentence.length());
    return len >= MIN_LENGTH && len <= MAX_LENGTH;
  }
}
