package org.kakehashi.credentials;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.BitSet;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * The W3C Bitstring Status List of revocations (pure): one bit per credential, index 0 the left-most
 * bit of the first byte, GZIP-compressed and multibase base64url-encoded ({@code u…}). A list holds
 * {@link #SIZE} entries (16 KiB, the minimum the specification asks for, for herd privacy).
 */
public final class StatusList {

  public static final int SIZE = 131_072;

  private StatusList() {
  }

  /** The list number (from 1) of a credential's status index. */
  static int list(int statusIndex) {
    return statusIndex / SIZE + 1;
  }

  /** The position of a credential's status index within its list. */
  static int position(int statusIndex) {
    return statusIndex % SIZE;
  }

  /** The encoded list with the given positions set. */
  static String encode(BitSet revoked) {
    byte[] bits = new byte[SIZE / 8];
    for (int i = revoked.nextSetBit(0); i >= 0 && i < SIZE; i = revoked.nextSetBit(i + 1)) {
      bits[i / 8] |= (byte) (0x80 >>> (i % 8));
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(bits);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return "u" + Base64.getUrlEncoder().withoutPadding().encodeToString(out.toByteArray());
  }

  /** Whether the bit at {@code position} is set in an encoded list; false for anything malformed. */
  static boolean isSet(String encoded, int position) {
    if (encoded == null || !encoded.startsWith("u") || position < 0) {
      return false;
    }
    try (GZIPInputStream gz = new GZIPInputStream(new ByteArrayInputStream(
        Base64.getUrlDecoder().decode(encoded.substring(1))))) {
      byte[] bits = gz.readNBytes(SIZE / 8 + 1);
      return position / 8 < bits.length && (bits[position / 8] & (0x80 >>> (position % 8))) != 0;
    } catch (IOException | IllegalArgumentException e) {
      return false;
    }
  }
}
