package org.kakehashi.reflections;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A note's stored analysis as one compact {@code bytea} ({@code reflection_phrases.analysis}; README, "How
 * reflections are summarised", Statistics), so a summary of thousands of notes reads one byte string per note
 * (copied, not decoded, by the database driver on the event loop) and decodes it on a worker. Pure.
 *
 * <p>Format 1 (the first byte; a reader skips any other as "no analysis", so the note is analysed again):
 * then unsigned LEB128 varints — the number of keys n and their n phrase ids ({@code phrase_frequency.id}, in
 * the order of {@code keys}); per key its spelling where it differs from the key (0, else the UTF-8 length + 1
 * and the bytes); the number of answered prompts p and per prompt its key and language (a string: UTF-8 length
 * and bytes); then the two integer lists of {@link PhraseRanking.Packed} (per prompt {@code n, key
 * positions…}; per sentence {@code prompt position, start, end, n, key positions…}), each as its length and
 * its values. V44 writes the same bytes in SQL from the columns that came before.
 */
public final class AnalysisBytes {

  /** The format this class writes (the first byte). */
  public static final int FORMAT = 1;

  private AnalysisBytes() {
  }

  /** A decoded analysis: the phrase ids, and the rest as packed ({@link PhraseRanking.Analysis#unpack} reads it). */
  public record Decoded(int[] ids, PhraseRanking.Packed packed) {
  }

  /** The bytes of an analysis whose keys have these phrase ids. */
  public static byte[] encode(int[] ids, PhraseRanking.Packed p) {
    Out out = new Out(16 + ids.length * 4 + p.promptKeys().length + p.sentences().length * 2);
    out.write(FORMAT);
    out.varint(ids.length);
    for (int id : ids) {
      out.varint(id);
    }
    for (int i = 0; i < ids.length; i++) {
      String w = i < p.spellings().length ? p.spellings()[i] : null;
      if (w == null) {
        out.varint(0);
      } else {
        byte[] b = w.getBytes(StandardCharsets.UTF_8);
        out.varint(b.length + 1);
        out.bytes(b);
      }
    }
    out.varint(p.prompts().length);
    for (int i = 0; i < p.prompts().length; i++) {
      out.string(p.prompts()[i]);
      out.string(p.promptLanguages()[i]);
    }
    out.ints(p.promptKeys());
    out.ints(p.sentences());
    return out.toArray();
  }

  /** The analysis in {@code b}, or null when it is of another format (or damaged): the note counts as not analysed. */
  public static Decoded decode(byte[] b) {
    if (b == null || b.length == 0 || b[0] != FORMAT) {
      return null;
    }
    try {
      In in = new In(b, 1);
      int n = in.varint();
      int[] ids = new int[n];
      for (int i = 0; i < n; i++) {
        ids[i] = in.varint();
      }
      String[] spellings = new String[n];
      for (int i = 0; i < n; i++) {
        int len = in.varint();
        spellings[i] = len == 0 ? null : in.string(len - 1);
      }
      int p = in.varint();
      String[] prompts = new String[p];
      String[] langs = new String[p];
      for (int i = 0; i < p; i++) {
        prompts[i] = in.string(in.varint());
        langs[i] = in.string(in.varint());
      }
      Integer[] promptKeys = in.ints();
      Integer[] sentences = in.ints();
      if (in.at != b.length) {
        return null;
      }
      return new Decoded(ids, new PhraseRanking.Packed(spellings, prompts, langs, promptKeys, sentences));
    } catch (ArrayIndexOutOfBoundsException | NegativeArraySizeException | IllegalArgumentException damaged) {
      return null;
    }
  }

  private static final class Out {
    private byte[] buf;
    private int size;

    Out(int capacity) {
      buf = new byte[Math.max(16, capacity)];
    }

    void write(int b) {
      if (size == buf.length) {
        buf = Arrays.copyOf(buf, buf.length * 2);
      }
      buf[size++] = (byte) b;
    }

    void varint(int v) {
      if (v < 0) {
        throw new IllegalArgumentException("negative " + v);
      }
      while (v >= 0x80) {
        write((v & 0x7F) | 0x80);
        v >>>= 7;
      }
      write(v);
    }

    void bytes(byte[] b) {
      if (size + b.length > buf.length) {
        buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + b.length));
      }
      System.arraycopy(b, 0, buf, size, b.length);
      size += b.length;
    }

    void string(String s) {
      byte[] b = s.getBytes(StandardCharsets.UTF_8);
      varint(b.length);
      bytes(b);
    }

    void ints(Integer[] values) {
      varint(values.length);
      for (Integer v : values) {
        varint(v);
      }
    }

    byte[] toArray() {
      return Arrays.copyOf(buf, size);
    }
  }

  private static final class In {
    private final byte[] b;
    private int at;

    In(byte[] b, int at) {
      this.b = b;
      this.at = at;
    }

    int varint() {
      int v = 0;
      for (int shift = 0; shift < 35; shift += 7) {
        int x = b[at++];
        v |= (x & 0x7F) << shift;
        if ((x & 0x80) == 0) {
          if (v < 0) {
            throw new IllegalArgumentException("varint out of range");
          }
          return v;
        }
      }
      throw new IllegalArgumentException("varint too long");
    }

    String string(int len) {
      if (len < 0 || at + len > b.length) {
        throw new IllegalArgumentException("string past the end");
      }
      String s = new String(b, at, len, StandardCharsets.UTF_8);
      at += len;
      return s;
    }

    Integer[] ints() {
      int n = varint();
      if (n > b.length - at) {
        throw new IllegalArgumentException("list past the end");
      }
      Integer[] out = new Integer[n];
      for (int i = 0; i < n; i++) {
        out[i] = varint();
      }
      return out;
    }
  }
}
