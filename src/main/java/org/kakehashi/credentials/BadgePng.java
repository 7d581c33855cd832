package org.kakehashi.credentials;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;

/**
 * The badge picture (pure): drawn with Java2D, written by ImageIO, then "baked" as Open Badges 3.0
 * asks for PNG: an {@code iTXt} chunk with keyword {@code openbadgecredential}, no compression, whose
 * text is the VC-JWT, placed before {@code IEND}.
 */
public final class BadgePng {

  static final String KEYWORD = "openbadgecredential";
  private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
  private static final int SIZE = 480;

  private BadgePng() {
  }

  /** The badge with {@code jwt} baked in. */
  public static byte[] baked(String title, List<String> lines, String jwt) {
    return bake(draw(title, lines), jwt);
  }

  static byte[] draw(String title, List<String> lines) {
    BufferedImage img = new BufferedImage(SIZE, SIZE, BufferedImage.TYPE_INT_ARGB);
    Graphics2D g = img.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setColor(new Color(0x1f, 0x5f, 0x8b));
      g.fillOval(8, 8, SIZE - 16, SIZE - 16);
      g.setColor(new Color(0xf4, 0xc4, 0x30));
      g.setStroke(new BasicStroke(10));
      g.drawOval(24, 24, SIZE - 48, SIZE - 48);
      g.setColor(Color.WHITE);
      // The bridge of the name (架け橋): an arc over the title.
      g.setStroke(new BasicStroke(8, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
      g.drawArc(110, 110, SIZE - 220, 120, 0, 180);
      String family = Arrays.asList(java.awt.GraphicsEnvironment.getLocalGraphicsEnvironment()
          .getAvailableFontFamilyNames()).contains("Noto Sans CJK JP") ? "Noto Sans CJK JP" : Font.SANS_SERIF;
      centered(g, new Font(family, Font.BOLD, 40), title, 240);
      int y = 290;
      for (String line : lines) {
        centered(g, new Font(family, Font.PLAIN, 22), line, y);
        y += 34;
      }
    } finally {
      g.dispose();
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(img, "png", out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static void centered(Graphics2D g, Font font, String text, int y) {
    g.setFont(font);
    FontMetrics m = g.getFontMetrics();
    String t = text;
    while (m.stringWidth(t) > SIZE - 120 && t.length() > 1) {
      t = t.substring(0, t.length() - 1);
    }
    if (!t.equals(text)) {
      t = t.substring(0, Math.max(0, t.length() - 1)) + "…";
    }
    g.drawString(t, (SIZE - m.stringWidth(t)) / 2, y);
  }

  /** Inserts the iTXt chunk before IEND. */
  static byte[] bake(byte[] png, String jwt) {
    if (png.length < 20 || !Arrays.equals(Arrays.copyOf(png, 8), SIGNATURE)) {
      throw new IllegalArgumentException("not a PNG");
    }
    int iend = png.length - 12; // IEND is always the last, empty chunk
    byte[] keyword = KEYWORD.getBytes(StandardCharsets.ISO_8859_1);
    byte[] text = jwt.getBytes(StandardCharsets.UTF_8);
    // keyword, NUL, compression flag 0, method 0, empty language tag + NUL, empty translated keyword + NUL, text
    ByteBuffer data = ByteBuffer.allocate(keyword.length + 5 + text.length);
    data.put(keyword).put((byte) 0).put((byte) 0).put((byte) 0).put((byte) 0).put((byte) 0).put(text);
    byte[] chunk = chunk("iTXt", data.array());
    byte[] out = new byte[png.length + chunk.length];
    System.arraycopy(png, 0, out, 0, iend);
    System.arraycopy(chunk, 0, out, iend, chunk.length);
    System.arraycopy(png, iend, out, iend + chunk.length, 12);
    return out;
  }

  /** The baked credential of a PNG (the text of its {@code openbadgecredential} iTXt chunk), or null. */
  static String unbake(byte[] png) {
    int at = 8;
    while (at + 12 <= png.length) {
      int length = ByteBuffer.wrap(png, at, 4).getInt();
      String type = new String(png, at + 4, 4, StandardCharsets.ISO_8859_1);
      if (length < 0 || at + 12 + length > png.length) {
        return null;
      }
      if (type.equals("iTXt")) {
        byte[] data = Arrays.copyOfRange(png, at + 8, at + 8 + length);
        int nul = indexOf(data, 0);
        if (nul > 0 && new String(data, 0, nul, StandardCharsets.ISO_8859_1).equals(KEYWORD) && data[nul + 1] == 0) {
          int lang = indexOf(data, nul + 3);
          int translated = indexOf(data, lang + 1);
          return new String(data, translated + 1, data.length - translated - 1, StandardCharsets.UTF_8);
        }
      }
      at += 12 + length;
    }
    return null;
  }

  private static int indexOf(byte[] data, int from) {
    for (int i = from; i < data.length; i++) {
      if (data[i] == 0) {
        return i;
      }
    }
    return data.length;
  }

  private static byte[] chunk(String type, byte[] data) {
    byte[] t = type.getBytes(StandardCharsets.ISO_8859_1);
    CRC32 crc = new CRC32();
    crc.update(t);
    crc.update(data);
    return ByteBuffer.allocate(12 + data.length).putInt(data.length).put(t).put(data).putInt((int) crc.getValue()).array();
  }
}
