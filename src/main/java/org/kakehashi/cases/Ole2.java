package org.kakehashi.cases;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * The stream names in an OLE2 compound file's directory ([MS-CFB]: the 512-byte header, the FAT found through
 * the DIFAT, the directory's sector chain of 128-byte entries), to tell an Office 97–2003 file by the stream
 * its program writes ({@code WordDocument}, {@code Workbook}, {@code PowerPoint Document}). Reads the header, the
 * FAT sectors the directory chain passes through and the directory: a few sectors, never the whole file.
 */
final class Ole2 {

  private static final byte[] SIGNATURE = {(byte) 0xD0, (byte) 0xCF, 0x11, (byte) 0xE0, (byte) 0xA1, (byte) 0xB1, 0x1A, (byte) 0xE1};
  private static final long END_OF_CHAIN = 0xFFFFFFFEL;
  /** Sectors followed at most (a directory chain of a 20 MB file is far shorter; a loop ends here). */
  private static final int MAX_STEPS = 50_000;

  private Ole2() {
  }

  /** Whether the file is a compound file whose directory has a stream of one of these names (compared as [MS-CFB] does, ignoring case). */
  static boolean holdsAny(Path file, List<String> names) throws IOException {
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
      byte[] header = new byte[512];
      if (f.length() < 512) {
        return false;
      }
      f.readFully(header);
      for (int i = 0; i < SIGNATURE.length; i++) {
        if (header[i] != SIGNATURE[i]) {
          return false;
        }
      }
      int shift = (header[0x1E] & 0xFF) | (header[0x1F] & 0xFF) << 8;
      if (shift != 9 && shift != 12) {
        return false;
      }
      int sectorSize = 1 << shift;
      long directory = ZipDirectory.u32(header, 0x30);
      Sectors sectors = new Sectors(f, header, sectorSize);
      byte[] sector = new byte[sectorSize];
      long at = directory;
      for (int step = 0; at != END_OF_CHAIN; step++) {
        if (step > MAX_STEPS || !sectors.read(at, sector)) {
          return false;
        }
        for (int e = 0; e + 128 <= sectorSize; e += 128) {
          int nameBytes = (sector[e + 0x40] & 0xFF) | (sector[e + 0x41] & 0xFF) << 8;
          int type = sector[e + 0x42];
          if (type == 2 && nameBytes >= 2 && nameBytes <= 64) {
            String name = new String(sector, e, nameBytes - 2, StandardCharsets.UTF_16LE);
            if (names.stream().anyMatch(name::equalsIgnoreCase)) {
              return true;
            }
          }
        }
        at = sectors.next(at);
      }
      return false;
    }
  }

  /** Reads sectors and their FAT entries, the FAT's own sectors located through the header's DIFAT and the DIFAT chain. */
  private static final class Sectors {
    private final RandomAccessFile f;
    private final byte[] header;
    private final int size;
    private final int perSector;

    Sectors(RandomAccessFile f, byte[] header, int size) {
      this.f = f;
      this.header = header;
      this.size = size;
      this.perSector = size / 4;
    }

    boolean read(long sector, byte[] into) throws IOException {
      long offset = (sector + 1) * size;
      if (sector < 0 || sector >= 0xFFFFFFFAL || offset + size > f.length()) {
        return false;
      }
      f.seek(offset);
      f.readFully(into);
      return true;
    }

    /** The FAT entry of a sector: the next sector of its chain. */
    long next(long sector) throws IOException {
      long fatIndex = sector / perSector;
      long fatSector = fatSector(fatIndex);
      if (fatSector < 0) {
        return END_OF_CHAIN;
      }
      long offset = (fatSector + 1) * size + (sector % perSector) * 4;
      if (offset + 4 > f.length()) {
        return END_OF_CHAIN;
      }
      byte[] b = new byte[4];
      f.seek(offset);
      f.readFully(b);
      long next = ZipDirectory.u32(b, 0);
      return next >= 0xFFFFFFFAL ? END_OF_CHAIN : next;
    }

    /** Where the FAT's {@code index}-th sector is: the header's first 109, then the DIFAT sectors' lists; -1 if nowhere. */
    private long fatSector(long index) throws IOException {
      if (index < 109) {
        return ZipDirectory.u32(header, 0x4C + (int) index * 4);
      }
      long rest = index - 109;
      long difat = ZipDirectory.u32(header, 0x44);
      byte[] b = new byte[size];
      for (int step = 0; step < MAX_STEPS && difat < 0xFFFFFFFAL; step++) {
        if (!read(difat, b)) {
          return -1;
        }
        if (rest < perSector - 1) {
          return ZipDirectory.u32(b, (int) rest * 4);
        }
        rest -= perSector - 1;
        difat = ZipDirectory.u32(b, (perSector - 1) * 4);
      }
      return -1;
    }
  }
}
