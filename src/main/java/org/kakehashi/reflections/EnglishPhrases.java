package org.kakehashi.reflections;

import opennlp.tools.ml.model.MaxentModel;
import opennlp.tools.postag.POSContextGenerator;
import opennlp.tools.postag.POSModel;
import opennlp.tools.util.SequenceValidator;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Key phrases of English text: noun phrases found by part of speech (README, "How reflections are
 * summarised"). Pure apart from reading the tagger's model from the classpath once, and thread-safe.
 *
 * <p>The text is split into words and punctuation here (hyphens apart, as the model was trained: "high -
 * school"; possessives and contractions whole, "children's", "don't"), tagged with universal parts of
 * speech by OpenNLP's maximum-entropy tagger with Apache's UD English (EWT) model, and every run of
 * adjectives and nouns that ends in a noun is a noun phrase ("community center", "multilingual signage",
 * "LINE official account", "children's cafeteria"). Generic adjectives and stop words at its start are
 * dropped ("a great youth program" gives "youth program"). Each phrase gives its nouns, its pairs of
 * words ending in a noun and, when longer, itself: "LINE official account" gives LINE, account, "official
 * account" and "LINE official account"; the ranking folds a part into the whole when they cover the same
 * notes. Keys are lower-case with each noun in the singular ("drills" and "drill" count together,
 * "children" with "child"); the phrase keeps its spelling and offsets in the text.
 */
final class EnglishPhrases {

  /** The tagger's model: a Maven artifact on the classpath (opennlp-models-pos-en), never downloaded. */
  static final String MODEL = "opennlp-en-ud-ewt-pos-1.2-2.5.0.bin";

  /** Marks that end a sentence. */
  private static final Set<String> SENTENCE_END = Set.of(".", "!", "?", "。", "！", "？", "…");

  /** Noun phrases longer than this (usually a tagging slip or a list) give only their nouns and pairs. */
  static final int MAX_WORDS = 5;

  /** Adjectives that say how the writer found a thing, not what it was ("great", "new"): dropped at a phrase's start. */
  static final Set<String> GENERIC_ADJECTIVES = Set.of("new", "good", "great", "nice", "many", "much", "more", "most",
      "other", "another", "different", "same", "various", "several", "important", "interesting", "useful", "wonderful",
      "amazing", "excellent", "fantastic", "real", "actual", "first", "last", "next", "main", "whole", "own", "certain",
      "specific", "possible", "best", "better", "easy", "difficult", "hard", "few", "such", "big", "small", "little",
      "huge", "simple", "special", "particular", "similar", "usual", "exciting", "impressive", "helpful", "meaningful",
      "valuable", "positive", "successful", "unique", "surprising", "inspiring", "fun", "lovely", "beautiful", "cool",
      "awesome", "bad", "key", "major", "minor", "entire", "overall", "general", "typical", "wide", "lots");

  /** Irregular plurals (and plurals that the rules below would get wrong) with their singular. */
  private static final Map<String, String> IRREGULAR = Map.ofEntries(Map.entry("children", "child"),
      Map.entry("men", "man"), Map.entry("women", "woman"), Map.entry("feet", "foot"), Map.entry("teeth", "tooth"),
      Map.entry("mice", "mouse"), Map.entry("geese", "goose"), Map.entry("lives", "life"), Map.entry("wives", "wife"),
      Map.entry("knives", "knife"), Map.entry("leaves", "leaf"), Map.entry("halves", "half"),
      Map.entry("shelves", "shelf"), Map.entry("selves", "self"), Map.entry("criteria", "criterion"),
      Map.entry("phenomena", "phenomenon"), Map.entry("movies", "movie"), Map.entry("cookies", "cookie"),
      Map.entry("pies", "pie"), Map.entry("ties", "tie"), Map.entry("lies", "lie"), Map.entry("selfies", "selfie"),
      Map.entry("calories", "calorie"), Map.entry("shoes", "shoe"), Map.entry("toes", "toe"),
      Map.entry("canoes", "canoe"), Map.entry("buses", "bus"), Map.entry("gases", "gas"),
      Map.entry("analyses", "analysis"), Map.entry("crises", "crisis"), Map.entry("bases", "base"),
      Map.entry("businessmen", "businessman"), Map.entry("chairmen", "chairman"), Map.entry("firemen", "fireman"));

  /** Words ending in s that are not plurals. */
  private static final Set<String> NOT_PLURAL = Set.of("news", "series", "species", "means", "lens", "canvas", "gas",
      "bus", "atlas", "chaos", "christmas", "perhaps", "always", "whereas", "yes", "thanks", "diabetes", "measles",
      "athletics", "headquarters", "progress", "corps", "premises", "whereabouts");

  private EnglishPhrases() {
  }

  /** The model, read once when English is first analysed (about a second, README). */
  private static final class Model {
    static final POSModel POS = load();

    private static POSModel load() {
      try (InputStream in = EnglishPhrases.class.getClassLoader().getResourceAsStream(MODEL)) {
        if (in == null) {
          throw new IllegalStateException("the English tagger model " + MODEL + " is not on the classpath");
        }
        return new POSModel(in);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /**
   * A tagger: what {@code POSTaggerME} does with the model, but greedy (the likeliest tag of each word given
   * the ones before, where the model's own search keeps 3 sequences and copies each candidate's history,
   * which grows with the square of a sentence's length): the same tags on the 5,700 words tried (the test
   * sentences, the README's prose) at a fraction of the cost. Not thread-safe (the feature cache); the model is.
   */
  private record Tagger(MaxentModel model, POSContextGenerator context, SequenceValidator<String> validator) {
    Tagger() {
      this(Model.POS.getArtifact("pos.model"), Model.POS.getFactory().getPOSContextGenerator(),
          Model.POS.getFactory().getSequenceValidator());
    }

    /** The tags of one sentence's words. */
    String[] tag(String[] words) {
      String[] tags = new String[words.length];
      for (int i = 0; i < words.length; i++) {
        double[] p = model.eval(context.getContext(i, words, tags, null));
        int best = -1;
        for (int o = 0; o < p.length; o++) {
          if ((best < 0 || p[o] > p[best]) && validator.validSequence(i, words, tags, model.getOutcome(o))) {
            best = o;
          }
        }
        tags[i] = model.getOutcome(best < 0 ? maxIndex(p) : best);
      }
      return tags;
    }

    private static int maxIndex(double[] p) {
      int best = 0;
      for (int o = 1; o < p.length; o++) {
        best = p[o] > p[best] ? o : best;
      }
      return best;
    }
  }

  /** Taggers not in use: as many as ever ran at once. */
  private static final ConcurrentLinkedQueue<Tagger> IDLE = new ConcurrentLinkedQueue<>();

  /** Loads the model now (it is otherwise read at the first English note); returns how long that took, ms. */
  static long load() {
    long t0 = System.nanoTime();
    IDLE.offer(tagger());
    return (System.nanoTime() - t0) / 1_000_000;
  }

  private static Tagger tagger() {
    Tagger t = IDLE.poll();
    return t != null ? t : new Tagger();
  }

  /** A word or punctuation mark with its offsets, its form as the tagger sees it, and its tag. */
  private record Token(int start, int end, String form) {
  }

  /** A word after tagging (a hyphenated word is one again): its offsets, lower-case form and kind. */
  private record Word(int start, int end, String lower, Kind kind, boolean acronym) {
  }

  private enum Kind {
    /** A common or proper noun (or a foreign word, say 公民館 in an English note). */
    NOUN,
    /** A proper noun with 's ("Natori's"): a phrase of its own, without the 's. */
    PROPER_POSSESSIVE,
    /** A common noun with 's or s' ("children's", "citizens'"): the start of a phrase. */
    POSSESSIVE,
    ADJECTIVE,
    OTHER
  }

  /** Every phrase of the text in order (by end, then start), with its key, spelling and offsets. */
  static List<KeyPhrases.Phrase> extract(String text) {
    List<Token> tokens = tokenize(text);
    if (tokens.isEmpty()) {
      return List.of();
    }
    String[] forms = new String[tokens.size()];
    for (int i = 0; i < forms.length; i++) {
      forms[i] = tokens.get(i).form();
    }
    // Sentence by sentence, as the model learnt (its features mark a sentence's first words).
    String[] tags = new String[forms.length];
    Tagger tagger = tagger();
    try {
      int from = 0;
      for (int i = 0; i < forms.length; i++) {
        boolean ends = SENTENCE_END.contains(forms[i]) && (i + 1 == forms.length || !SENTENCE_END.contains(forms[i + 1]));
        boolean lineBreak = i + 1 < forms.length && text.substring(tokens.get(i).end(), tokens.get(i + 1).start()).indexOf('\n') >= 0;
        if (ends || lineBreak || i + 1 == forms.length) {
          String[] sentence = java.util.Arrays.copyOfRange(forms, from, i + 1);
          System.arraycopy(tagger.tag(sentence), 0, tags, from, sentence.length);
          from = i + 1;
        }
      }
    } finally {
      IDLE.offer(tagger);
    }
    List<Word> words = words(text, tokens, tags);
    Word alone = null;
    int lettered = 0;
    for (Word w : words) {
      if (hasLetter(w.lower())) {
        lettered++;
        alone = w;
      }
    }
    if (lettered == 1 && alone.kind() != Kind.NOUN) {
      // One word alone (a label, a search): no sentence to tag it by, so it is taken as a noun ("Storytelling").
      Word w = alone;
      words = List.of(new Word(w.start(), w.end(), w.lower(), possessive(w.lower()) ? Kind.POSSESSIVE : Kind.NOUN,
          w.acronym()));
    }
    List<KeyPhrases.Phrase> out = new ArrayList<>();
    List<Word> run = new ArrayList<>();
    Word previous = null;
    for (Word w : words) {
      // Only spaces between two words of a phrase: punctuation, a line break or anything else ends it.
      if (previous != null && !run.isEmpty() && !spacesOnly(text, previous.end(), w.start())) {
        flush(text, run, out);
      }
      previous = w;
      switch (w.kind()) {
        case NOUN, ADJECTIVE, POSSESSIVE -> run.add(w);
        case PROPER_POSSESSIVE -> {
          flush(text, run, out);
          run.add(w);
          flush(text, run, out);
        }
        default -> flush(text, run, out);
      }
    }
    flush(text, run, out);
    return out;
  }

  private static boolean spacesOnly(String text, int from, int to) {
    for (int i = from; i < to; i++) {
      char c = text.charAt(i);
      if (c != ' ' && c != '\t' && c != '\u00a0' && c != '\u3000') {
        return false;
      }
    }
    return true;
  }

  /**
   * Words and marks: a word is letters and digits with apostrophes inside ("don't", "Natori's") or a
   * plural's possessive one after it ("citizens'"), and "3.5"; a hyphen is a token of its own (as in the
   * model's training text) and joined back after tagging; every other character that is not a space is a
   * token. Forms are NFKC with typographic apostrophes made plain, offsets are into the text as given.
   */
  private static List<Token> tokenize(String text) {
    List<Token> out = new ArrayList<>();
    int n = text.length();
    int i = 0;
    while (i < n) {
      int cp = text.codePointAt(i);
      int len = Character.charCount(cp);
      if (Character.isWhitespace(cp) || Character.isSpaceChar(cp)) {
        i += len;
        continue;
      }
      if (!wordChar(cp)) {
        out.add(new Token(i, i + len, form(text.substring(i, i + len))));
        i += len;
        continue;
      }
      int start = i;
      int j = i + len;
      while (j < n) {
        int c = text.codePointAt(j);
        if (wordChar(c)) {
          j += Character.charCount(c);
          continue;
        }
        boolean apostrophe = apostrophe(c);
        boolean nextIsWord = j + 1 < n && wordChar(text.codePointAt(j + 1));
        if (apostrophe && nextIsWord) {
          j++;
          continue;
        }
        if (apostrophe && (text.charAt(j - 1) == 's' || text.charAt(j - 1) == 'S')) {
          j++; // citizens' club
          break;
        }
        if ((c == '.' || c == ',') && nextIsWord && Character.isDigit(text.charAt(j - 1))
            && Character.isDigit(text.charAt(j + 1))) {
          j++; // 3.5, 1,000
          continue;
        }
        break;
      }
      // The possessive apart, as the model learnt it ("children" + "'s"): it tags the noun better so.
      int cut = j;
      if (j - start > 2 && apostrophe(text.charAt(j - 2)) && (text.charAt(j - 1) == 's' || text.charAt(j - 1) == 'S')) {
        cut = j - 2;
      } else if (j - start > 1 && apostrophe(text.charAt(j - 1))) {
        cut = j - 1;
      }
      out.add(new Token(start, cut, form(text.substring(start, cut))));
      if (cut < j) {
        out.add(new Token(cut, j, form(text.substring(cut, j))));
      }
      i = j;
    }
    return out;
  }

  private static boolean hasLetter(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (Character.isLetter(s.charAt(i))) {
        return true;
      }
    }
    return false;
  }

  private static boolean hasLower(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (Character.isLowerCase(s.charAt(i))) {
        return true;
      }
    }
    return false;
  }

  private static boolean ascii(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) >= 128) {
        return false;
      }
    }
    return true;
  }

  private static boolean apostrophe(int c) {
    return c == '\'' || c == '\u2019';
  }

  private static boolean wordChar(int cp) {
    return Character.isLetterOrDigit(cp) || Character.getType(cp) == Character.NON_SPACING_MARK
        || Character.getType(cp) == Character.COMBINING_SPACING_MARK;
  }

  private static String form(String s) {
    return Normalizer.normalize(s, Normalizer.Form.NFKC).replace('\u2019', '\'');
  }

  /** Tagged tokens as words: a hyphenated word ("long-term", "face-to-face", "e-mail") joined and kinded by its parts. */
  private static List<Word> words(String text, List<Token> tokens, String[] tags) {
    List<Word> out = new ArrayList<>(tokens.size());
    List<String> wordTags = new ArrayList<>(tokens.size());
    int i = 0;
    while (i < tokens.size()) {
      int last = i;
      // word - word - word, with nothing between them
      while (last + 2 < tokens.size() && tokens.get(last + 1).form().equals("-")
          && tokens.get(last + 1).start() == tokens.get(last).end() && tokens.get(last + 2).start() == tokens.get(last + 1).end()
          && wordChar(tokens.get(last).form().codePointAt(0)) && wordChar(tokens.get(last + 2).form().codePointAt(0))) {
        last += 2;
      }
      Token first = tokens.get(i);
      Token end = tokens.get(last);
      String surface = text.substring(first.start(), end.end());
      String lower = form(surface).toLowerCase(Locale.ROOT);
      Kind kind;
      if (last == i) {
        kind = kind(tags[i], first.form());
      } else {
        Kind lastKind = kind(tags[last], end.form());
        boolean anyNoun = false;
        for (int k = i; k <= last; k += 2) {
          anyNoun |= kind(tags[k], tokens.get(k).form()) == Kind.NOUN;
        }
        String lastTag = base(tags[last]);
        if (lastKind == Kind.NOUN || lastKind == Kind.POSSESSIVE || lastKind == Kind.PROPER_POSSESSIVE) {
          kind = lastKind == Kind.PROPER_POSSESSIVE ? Kind.POSSESSIVE : lastKind; // a hyphenated word is not a name
        } else if (lastTag.equals("NUM") && anyNoun) {
          kind = Kind.NOUN; // COVID-19
        } else if (lastTag.equals("ADJ") || lastTag.equals("VERB") || lastTag.equals("ADV") || lastTag.equals("NUM")
            || anyNoun) {
          kind = Kind.ADJECTIVE; // community-based, well-known, long-term
        } else {
          kind = Kind.OTHER;
        }
      }
      if (!hasLetter(lower)) {
        kind = Kind.OTHER; // numbers are not nouns here
      }
      boolean acronym = surface.length() <= 5 && !hasLower(surface);
      int wordEnd = end.end();
      if (last + 1 < tokens.size() && tokens.get(last + 1).start() == wordEnd
          && (tokens.get(last + 1).form().equalsIgnoreCase("'s") || tokens.get(last + 1).form().equals("'"))) {
        // Natori's, children's, citizens': the word with its possessive (a proper noun's ends the phrase)
        last++;
        wordEnd = tokens.get(last).end();
        lower = lower + tokens.get(last).form().toLowerCase(Locale.ROOT);
        kind = kind == Kind.NOUN ? (base(tags[last - 1]).equals("PROPN") && first == end ? Kind.PROPER_POSSESSIVE
            : Kind.POSSESSIVE) : Kind.OTHER;
      }
      out.add(new Word(first.start(), wordEnd, lower, kind, acronym));
      wordTags.add(base(tags[last]));
      i = last + 1;
    }
    // The tagger's most frequent slip here: a verb in -s after its subject taken for a plural noun ("the
    // center offers Japanese classes", "the bus visits the housing complex"). A plural after a noun that
    // is followed by a determiner, pronoun, number, adjective or adverb is a verb: no noun phrase goes on so.
    for (int k = 1; k + 1 < out.size(); k++) {
      Word w = out.get(k);
      Word before = out.get(k - 1);
      if (w.kind() == Kind.NOUN && before.kind() == Kind.NOUN && !w.acronym() && !singular(w.lower(), false).equals(w.lower())
          && spacesOnly(text, before.end(), w.start()) && VERB_NEXT.contains(wordTags.get(k + 1))) {
        out.set(k, new Word(w.start(), w.end(), w.lower(), Kind.OTHER, false));
      }
    }
    return out;
  }

  /** What may follow a verb but not a plural noun ending its phrase (see above). */
  private static final Set<String> VERB_NEXT = Set.of("DET", "PRON", "NUM", "ADJ", "ADV");

  /** A tag without the parts of a contraction (the model tags "Natori's" PROPN+PART, "don't" AUX+PART). */
  private static String base(String tag) {
    int plus = tag.indexOf('+');
    return plus < 0 ? tag : tag.substring(0, plus);
  }

  private static Kind kind(String tag, String form) {
    String base = base(tag);
    boolean noun = base.equals("NOUN") || base.equals("PROPN")
        || (base.equals("X") && hasLetter(form));
    if (noun && possessive(form)) {
      return base.equals("PROPN") ? Kind.PROPER_POSSESSIVE : Kind.POSSESSIVE;
    }
    if (noun && tag.indexOf('+') < 0) {
      return Kind.NOUN;
    }
    if (base.equals("ADJ") && tag.indexOf('+') < 0) {
      return Kind.ADJECTIVE;
    }
    return Kind.OTHER;
  }

  private static boolean possessive(String form) {
    return form.length() > 2 && (form.endsWith("'s") || form.endsWith("'S") || form.endsWith("s'") || form.endsWith("S'"));
  }

  /** The phrases of one noun phrase, then empties the run. */
  private static void flush(String text, List<Word> run, List<KeyPhrases.Phrase> out) {
    if (run.isEmpty()) {
      return;
    }
    // Nothing after the last noun; no generic adjective or stop word at the start.
    int to = run.size();
    while (to > 0 && run.get(to - 1).kind() == Kind.ADJECTIVE) {
      to--;
    }
    int from = 0;
    while (from < to && (KeyPhrases.englishStop(run.get(from).lower())
        || (run.get(from).kind() == Kind.ADJECTIVE && GENERIC_ADJECTIVES.contains(run.get(from).lower())))) {
      from++;
    }
    List<Word> np = new ArrayList<>(run.subList(from, to));
    run.clear();
    if (np.isEmpty()) {
      return;
    }
    if (np.get(np.size() - 1).kind() != Kind.NOUN) {
      np.set(np.size() - 1, bare(text, np.get(np.size() - 1))); // "at the children's.": the noun
    }
    for (int i = 0; i < np.size(); i++) {
      Word w = np.get(i);
      if (w.kind() == Kind.ADJECTIVE) {
        continue;
      }
      Word noun = bare(text, w);
      String key = singular(noun.lower(), noun.acronym());
      if (!KeyPhrases.englishStop(key) && !KeyPhrases.englishStop(noun.lower())
          && key.codePointCount(0, key.length()) >= (ascii(key) ? 3 : 2)) {
        out.add(new KeyPhrases.Phrase(key, text.substring(noun.start(), noun.end()), noun.start(), noun.end()));
      }
      // A pair ending in this noun ("partner city" of "the partner city's volunteers" too).
      Word before = i >= 1 ? np.get(i - 1) : null;
      if (before != null && !KeyPhrases.englishStop(before.lower())
          && !(before.kind() == Kind.ADJECTIVE && GENERIC_ADJECTIVES.contains(before.lower()))) {
        add(text, List.of(before, noun), out);
      }
    }
    if (np.size() >= 3 && np.size() <= MAX_WORDS) {
      // A possessor of three words or more, and what it has ("the town's hot spring festival"), are phrases too.
      int owner = -1;
      for (int i = 0; i < np.size() - 1; i++) {
        owner = np.get(i).kind() == Kind.POSSESSIVE ? i : owner;
      }
      if (owner >= 2) {
        List<Word> possessor = new ArrayList<>(np.subList(0, owner + 1));
        possessor.set(owner, bare(text, possessor.get(owner)));
        add(text, possessor, out);
      }
      if (owner >= 0 && np.size() - owner - 1 >= 3) {
        add(text, np.subList(owner + 1, np.size()), out);
      }
      add(text, np, out);
    }
  }

  /** A word without its possessive, as a noun ("children's" → "children"). */
  private static Word bare(String text, Word w) {
    if (!possessive(w.lower())) {
      return w.kind() == Kind.NOUN ? w : new Word(w.start(), w.end(), w.lower(), Kind.NOUN, w.acronym());
    }
    int cut = w.lower().endsWith("'") ? 1 : 2;
    return new Word(w.start(), w.end() - cut, w.lower().substring(0, w.lower().length() - cut), Kind.NOUN, w.acronym());
  }

  /** A phrase of several words: each noun's key in the singular, a possessive as written ("children's cafeteria"). */
  private static void add(String text, List<Word> words, List<KeyPhrases.Phrase> out) {
    StringBuilder key = new StringBuilder();
    for (Word w : words) {
      if (!key.isEmpty()) {
        key.append(' ');
      }
      key.append(w.kind() == Kind.NOUN ? singular(w.lower(), w.acronym()) : w.lower());
    }
    int start = words.get(0).start();
    int end = words.get(words.size() - 1).end();
    out.add(new KeyPhrases.Phrase(key.toString(), text.substring(start, end), start, end));
  }

  /**
   * The singular of a lower-case noun by the regular English rules and a list of exceptions (a key only:
   * it need not be pretty, only the same for "drill" and "drills"); acronyms ("ICT", "LINE") stay.
   */
  static String singular(String w, boolean acronym) {
    int dash = w.lastIndexOf('-');
    if (dash >= 0 && dash < w.length() - 1) {
      return w.substring(0, dash + 1) + singular(w.substring(dash + 1), acronym);
    }
    if (acronym || w.length() <= 3 || NOT_PLURAL.contains(w)) {
      return w;
    }
    String irregular = IRREGULAR.get(w);
    if (irregular != null) {
      return irregular;
    }
    if (!w.endsWith("s") || w.endsWith("ss") || w.endsWith("us") || w.endsWith("is") || w.endsWith("ics")
        || w.endsWith("'s")) {
      return w;
    }
    if (w.endsWith("ies") && w.length() > 4) {
      return w.substring(0, w.length() - 3) + "y";
    }
    if (w.endsWith("ches") || w.endsWith("shes") || w.endsWith("xes") || w.endsWith("zes") || w.endsWith("sses")
        || w.endsWith("oes")) {
      return w.substring(0, w.length() - 2);
    }
    return w.substring(0, w.length() - 1);
  }
}
