package org.kakehashi.cases;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.io.IOUtils;
import org.apache.pdfbox.io.RandomAccessReadBufferedFile;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.rendering.ImageType;
import org.apache.pdfbox.rendering.PDFRenderer;

import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;

/**
 * Preview images of attachments (README, "Case attachments"): a PDF's first page rendered by PDFBox,
 * a photo scaled by the JDK's ImageIO, each at most {@link #SIZE} pixels on its longer side, as PNG. Read
 * from a temporary file in bounded memory: PDFBox caches in temporary files, and a photo is subsampled
 * while it is decoded (a 24-megapixel JPEG is never a 96 MB image in the heap). Blocking: callers run it
 * off the event loop. Null when the file cannot be read as what it claims (the upload still counts).
 */
final class Previews {

  static final int SIZE = 480;

  /** Decoding a photo reads at most this many pixels (after subsampling). */
  private static final long MAX_DECODED_PIXELS = 4L * SIZE * SIZE * 4;

  private Previews() {
  }

  static byte[] of(Path file, String type) {
    try {
      BufferedImage image = "application/pdf".equals(type) ? pdf(file) : photo(file);
      return image == null ? null : png(scale(image));
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  private static BufferedImage pdf(Path file) throws IOException {
    try (PDDocument doc = Loader.loadPDF(new RandomAccessReadBufferedFile(file.toFile()), "", null, null,
        IOUtils.createTempFileOnlyStreamCache())) {
      if (doc.getNumberOfPages() == 0) {
        return null;
      }
      PDPage page = doc.getPage(0);
      float longer = Math.max(page.getCropBox().getWidth(), page.getCropBox().getHeight());
      float scale = longer <= 0 ? 1f : Math.min(4f, SIZE / longer);
      return new PDFRenderer(doc).renderImage(0, scale, ImageType.RGB);
    }
  }

  private static BufferedImage photo(Path file) throws IOException {
    try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
      if (in == null) {
        return null;
      }
      Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
      if (!readers.hasNext()) {
        return null;
      }
      ImageReader reader = readers.next();
      try {
        reader.setInput(in, true, true);
        long w = reader.getWidth(0);
        long h = reader.getHeight(0);
        int step = 1;
        while ((w / step) * (h / step) > MAX_DECODED_PIXELS) {
          step++;
        }
        ImageReadParam param = reader.getDefaultReadParam();
        param.setSourceSubsampling(step, step, 0, 0);
        return reader.read(0, param);
      } finally {
        reader.dispose();
      }
    }
  }

  static BufferedImage scale(BufferedImage image) {
    int w = image.getWidth();
    int h = image.getHeight();
    double f = Math.min(1.0, (double) SIZE / Math.max(w, h));
    int tw = Math.max(1, (int) Math.round(w * f));
    int th = Math.max(1, (int) Math.round(h * f));
    BufferedImage out = new BufferedImage(tw, th, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
      g.setColor(java.awt.Color.WHITE);
      g.fillRect(0, 0, tw, th);
      g.drawImage(image, 0, 0, tw, th, null);
    } finally {
      g.dispose();
    }
    return out;
  }

  private static byte[] png(BufferedImage image) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(image, "png", out);
    return out.toByteArray();
  }
}
