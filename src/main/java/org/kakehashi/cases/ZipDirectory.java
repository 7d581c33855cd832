package org.kakehashi.cases;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;

/**
 * The size of a ZIP file's central directory, read from its end-of-central-directory record (the last 22
 * bytes, or up to 64 KB more when the archive has a comment), before the directory itself is read
 * ({@link FileTypes#checkContainer}). Reads at most 65,557 bytes.
 */
final class ZipDirectory {

  private static final int EOCD = 22;
  private static final int MAX_COMMENT = 0xFFFF;

  private ZipDirectory() {
  }

  /** The central directory's size in bytes; -1 when there is no end record (not a ZIP file); ZIP64: Long.MAX_VALUE. */
  static long size(Path file) throws IOException {
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
      long length = f.length();
      if (length < EOCD) {
        return -1;
      }
      int tail = (int) Math.min(length, EOCD + MAX_COMMENT);
      byte[] b = new byte[tail];
      f.seek(length - tail);
      f.readFully(b);
      for (int i = tail - EOCD; i >= 0; i--) {
        if (b[i] == 'P' && b[i + 1] == 'K' && b[i + 2] == 5 && b[i + 3] == 6) {
          long size = u32(b, i + 12);
          return size == 0xFFFFFFFFL ? Long.MAX_VALUE : size;
        }
      }
      return -1;
    }
  }

  static long u32(byte[] b, int at) {
    return (b[at] & 0xFFL) | (b[at + 1] & 0xFFL) << 8 | (b[at + 2] & 0xFFL) << 16 | (b[at + 3] & 0xFFL) << 24;
  }
}
