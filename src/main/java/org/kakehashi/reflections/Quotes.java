package org.kakehashi.reflections;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.ArrayList;
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

  /** A quote as shown: the sentence as written and, only when its writer chose to be named, the name. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Quote(String text, String author) {
  }

  /** A sentence that may be quoted: its note (to pick one per note), author (null: anonymous) and phrase keys. */
  public record Candidate(String text, String author, Object note, Set<String> keys) {
  }

  static final int MIN_LENGTH = 8;
  static final int MAX_LENGTH = 300;

  private Quotes() {
  }

  /** Up to {@code n} quotes covering the weighted phrases best; a sentence that adds nothing new is not chosen. */
  public static List<Quote> choose(List<Candidate> candidates, Map<String, Integer> weights, int n) {
    Set<String> covered = new HashSet<>();
    Set<Object> usedNotes = new HashSet<>();
    List<Quote> out = new ArrayList<>();
    while (out.size() < n) {
      Candidate best = null;
      long bestGain = 0;
      for (Candidate c : candidates) {
        if (usedNotes.contains(c.note())) {
          continue;
        }
        long gain = 0;
        for (String k : c.keys()) {
          if (!covered.contains(k)) {
            gain += weights.getOrDefault(k, 0);
          }
        }
        if (gain > bestGain || (gain == bestGain && gain > 0 && c.text().length() < best.text().length())) {
          best = c;
          bestGain = gain;
        }
      }
      if (best == null) {
        break;
      }
      covered.addAll(best.keys());
      usedNotes.add(best.note());
      out.add(new Quote(best.text(), best.author()));
    }
    return out;
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
