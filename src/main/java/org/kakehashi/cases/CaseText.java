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

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.text.Normalizer;
import java.util.Locale;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

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
   * corpus, in half the time).
   */
  public static final int VERSION = 2;

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

  private CaseText() {
  }

  /**
   * The distinct words of {@code text} to store, letters and digits only (safe as tsquery lexemes): the
   * search-mode words and the compounds they split (a word alone may split where the same word in a
   * sentence does not: 公民館 alone gives 公民・館), so either form of a query finds it.
   */
  public static List<String> words(String text) {
    Set<String> out = new LinkedHashSet<>();
    analyse(DOCUMENT, text, out);
    return new ArrayList<>(out);
  }

  static List<String> searchWords(String text) {
    Set<String> out = new LinkedHashSet<>();
    analyse(SEARCH, text, out);
    return new ArrayList<>(out);
  }

  private static void analyse(Analyzer analyzer, String text, Set<String> out) {
    if (text == null || text.isBlank()) {
      return;
    }
    try (TokenStream ts = analyzer.tokenStream("case", text)) {
      CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
      ts.reset();
      while (ts.incrementToken()) {
        String w = clean(term.toString());
        if (!w.isEmpty()) {
          out.add(w);
        }
      }
      ts.end();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The tsquery for a search: every space-separated term of the query must match, a term matching when
   * the whole term is a prefix of a stored word (防災 finds a stored 防災訓練 that Kuromoji kept whole)
   * or when each of its search-mode words is (多文化 → 多 & 文化 finds 多文化共生). Null when the query
   * has no words.
   */
  public static String tsquery(String query) {
    if (query == null) {
      return null;
    }
    List<String> groups = new ArrayList<>();
    for (String term : Normalizer.normalize(query, Normalizer.Form.NFKC).strip().split("\\s+")) {
      List<String> parts = searchWords(term);
      if (parts.isEmpty() || groups.size() >= MAX_QUERY_WORDS) {
        continue;
      }
      String whole = clean(term.toLowerCase(Locale.ROOT));
      String all = parts.stream().map(w -> "'" + w + "':*").collect(Collectors.joining(" & "));
      groups.add(whole.isEmpty() || parts.equals(List.of(whole)) ? "(" + all + ")" : "('" + whole + "':* | (" + all + "))");
    }
    return groups.isEmpty() ? null : String.join(" & ", groups);
  }

  private static String clean(String token) {
    StringBuilder b = new StringBuilder(token.length());
    token.codePoints().filter(Character::isLetterOrDigit).forEach(b::appendCodePoint);
    return b.length() > 100 ? "" : b.toString();
  }
}
