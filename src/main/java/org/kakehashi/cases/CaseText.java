package org.kakehashi.cases;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.StopFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.cjk.CJKWidthCharFilter;
import org.apache.lucene.analysis.ja.JapaneseAnalyzer;
import org.apache.lucene.analysis.ja.JapaneseBaseFormFilter;
import org.apache.lucene.analysis.ja.JapaneseKatakanaStemFilter;
import org.apache.lucene.analysis.ja.JapanesePartOfSpeechStopFilter;
import org.apache.lucene.analysis.ja.JapaneseTokenizer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.PositionIncrementAttribute;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.text.Normalizer;
import java.util.Locale;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The words of a case for the library's search: Kuromoji in SEARCH mode, which splits long
 * compounds (多文化共生 → 多・文化・共生) and here keeps the whole compound too, base forms, particles and
 * auxiliaries dropped, full/half width and case folded. Queries are split the same way, so a word from
 * inside a compound finds the compound. Pure; the analyzers are thread-safe.
 */
public final class CaseText {

  /**
   * The version of the analysis below. A case whose stored words come from another version (or from no
   * analysis: SQL, an import) is analysed again by {@link CaseIndex}. 1: search mode plus a second pass in
   * normal mode; 2: one search-mode pass keeping compounds (the same words on the library benchmark's
   * corpus, in half the time); 3: each word with its positions, so the parts of a compound in a query must
   * stand side by side.
   */
  public static final int VERSION = 3;

  /**
   * Cases: JapaneseAnalyzer's chain (width folding, base forms, part-of-speech and stop words, katakana
   * stems, lower case) over a search-mode tokenizer that keeps the compounds it splits (JapaneseAnalyzer's
   * discards them).
   */
  private static final Analyzer DOCUMENT = new Analyzer() {
    @Override
    protected TokenStreamComponents createComponents(String field) {
      Tokenizer tokenizer = new JapaneseTokenizer(null, true, false, JapaneseTokenizer.Mode.SEARCH);
      TokenStream ts = new JapaneseBaseFormFilter(tokenizer);
      ts = new JapanesePartOfSpeechStopFilter(ts, JapaneseAnalyzer.getDefaultStopTags());
      ts = new StopFilter(ts, JapaneseAnalyzer.getDefaultStopSet());
      ts = new JapaneseKatakanaStemFilter(ts);
      return new TokenStreamComponents(tokenizer, new LowerCaseFilter(ts));
    }

    @Override
    protected Reader initReader(String field, Reader reader) {
      return new CJKWidthCharFilter(reader);
    }
  };
  /** Queries: search mode, compounds split only (each part must match; the whole term is tried as a prefix). */
  private static final Analyzer SEARCH = new JapaneseAnalyzer(null, JapaneseTokenizer.Mode.SEARCH,
      JapaneseAnalyzer.getDefaultStopSet(), JapaneseAnalyzer.getDefaultStopTags());

  /** A query's words beyond this many are ignored (a pasted paragraph is not a query). */
  static final int MAX_QUERY_WORDS = 12;
  /** PostgreSQL keeps positions up to 16,383 and at most 256 of them per word in a tsvector. */
  static final int MAX_POSITION = 16_383;
  static final int MAX_POSITIONS_PER_WORD = 256;

  private CaseText() {
  }

  /**
   * The distinct words of {@code text} to store, letters and digits only (safe as tsquery lexemes): the
   * search-mode words and the compounds they split (a word alone may split where the same word in a
   * sentence does not: 公民館 alone gives 公民・館), so either form of a query finds it.
   */
  public static List<String> words(String text) {
    return new ArrayList<>(positions(text).keySet());
  }

  /**
   * The words of {@code text} as the entries of a tsvector in PostgreSQL's text form ({@code '多':1},
   * {@code '文化':2,9} …; the stores join them with spaces and cast to tsvector): each word with the positions
   * it stands at (a compound at its first part's position, a dropped particle leaving a gap), so a query can
   * ask for parts side by side. Positions past {@link #MAX_POSITION} are kept as that one, PostgreSQL's limit.
   */
  public static List<String> entries(String text) {
    List<String> out = new ArrayList<>();
    positions(text).forEach((w, at) -> {
      StringBuilder b = new StringBuilder(w.length() + 8).append('\'').append(w).append("':");
      for (int i = 0; i < at.size(); i++) {
        b.append(i == 0 ? "" : ",").append(at.get(i));
      }
      out.add(b.toString());
    });
    return out;
  }

  /** {@link #entries} joined: the tsvector's text form. */
  public static String tsvector(String text) {
    return String.join(" ", entries(text));
  }

  private static Map<String, List<Integer>> positions(String text) {
    Map<String, List<Integer>> out = new LinkedHashMap<>();
    if (text == null || text.isBlank()) {
      return out;
    }
    try (TokenStream ts = DOCUMENT.tokenStream("case", text)) {
      CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
      PositionIncrementAttribute increment = ts.addAttribute(PositionIncrementAttribute.class);
      ts.reset();
      int position = 0;
      while (ts.incrementToken()) {
        position += increment.getPositionIncrement();
        String w = clean(term.toString());
        if (!w.isEmpty()) {
          List<Integer> at = out.computeIfAbsent(w, k -> new ArrayList<>(2));
          int p = Math.max(1, Math.min(position, MAX_POSITION));
          if (at.size() < MAX_POSITIONS_PER_WORD && (at.isEmpty() || at.get(at.size() - 1) != p)) {
            at.add(p);
          }
        }
      }
      ts.end();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  /** A query term's search-mode words with their positions (gaps where a particle was dropped). */
  private static List<Map.Entry<String, Integer>> searchWords(String text) {
    List<Map.Entry<String, Integer>> out = new ArrayList<>();
    try (TokenStream ts = SEARCH.tokenStream("case", text)) {
      CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
      PositionIncrementAttribute increment = ts.addAttribute(PositionIncrementAttribute.class);
      ts.reset();
      int position = 0;
      while (ts.incrementToken()) {
        position += increment.getPositionIncrement();
        String w = clean(term.toString());
        if (!w.isEmpty()) {
          out.add(Map.entry(w, position));
        }
      }
      ts.end();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  /**
   * The tsquery for a search: every space-separated term of the query must match, a term matching when
   * the whole term is a prefix of a stored word (防災 finds a stored 防災訓練 that Kuromoji kept whole)
   * or when its search-mode words stand in the case as they stand in the term, side by side (多文化 →
   * 多 <-> 文化 finds 多文化共生, not a case with 多世代 and 文化祭 apart). A term of one word is a prefix; the
   * parts of a compound are whole words (a one-letter part such as 会 or 市 as a prefix would read the
   * postings of every word starting with it). Null when the query has no words.
   */
  public static String tsquery(String query) {
    if (query == null) {
      return null;
    }
    List<String> groups = new ArrayList<>();
    for (String term : Normalizer.normalize(query, Normalizer.Form.NFKC).strip().split("\\s+")) {
      List<Map.Entry<String, Integer>> parts = searchWords(term);
      if (parts.isEmpty() || groups.size() >= MAX_QUERY_WORDS) {
        continue;
      }
      String whole = clean(term.toLowerCase(Locale.ROOT));
      StringBuilder phrase = new StringBuilder();
      for (int i = 0; i < parts.size(); i++) {
        if (i > 0) {
          int gap = parts.get(i).getValue() - parts.get(i - 1).getValue();
          phrase.append(gap == 1 ? " <-> " : " <" + Math.max(0, gap) + "> ");
        }
        phrase.append('\'').append(parts.get(i).getKey()).append(parts.size() == 1 ? "':*" : "'");
      }
      boolean single = parts.size() == 1 && parts.get(0).getKey().equals(whole);
      groups.add(whole.isEmpty() || single ? "(" + phrase + ")" : "('" + whole + "':* | (" + phrase + "))");
    }
    return groups.isEmpty() ? null : String.join(" & ", groups);
  }

  private static String clean(String token) {
    StringBuilder b = new StringBuilder(token.length());
    token.codePoints().filter(Character::isLetterOrDigit).forEach(b::appendCodePoint);
    return b.length() > 100 ? "" : b.toString();
  }
}
