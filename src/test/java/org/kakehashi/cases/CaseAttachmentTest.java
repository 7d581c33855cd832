package org.kakehashi.cases;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.kakehashi.support.Api;
import org.kakehashi.support.TestServer;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Attachments of a case with real files: a PDF made by PDFBox, photos made by ImageIO, a Word file, and
 * the files that must be refused (a PDF named .jpg, HTML named .pdf, an SVG with script, an executable,
 * an empty file, a name with ../, NUL, bidi overrides or 300 characters, a sixth file, 20 MB + 1 byte
 * declared up front); the database unchanged by each refusal, downloads byte-for-byte with the headers
 * read back by Python's e-mail parser (RFC 2231/5987 filename*).
 */
class CaseAttachmentTest {

  @RegisterExtension
  static TestServer server = new TestServer(json -> json.getJsonObject("database").put("connectTimeoutMillis", 20000));

  static final String PW = "attach-password";
  static long natori;
  static long matsue;
  static long kobe;
  static long session;
  static long caseId;
  static long otherCase;

  @BeforeAll
  static void seed() {
    natori = CaseApiTestSeed.center(server, "natori-a", "名取市生涯学習センター", "名取市", "宮城県");
    matsue = CaseApiTestSeed.center(server, "matsue-a", "松江市公民館", "松江市", "島根県");
    kobe = CaseApiTestSeed.center(server, "kobe-a", "神戸市公民館", "神戸市", "兵庫県");
    long f = server.person("fa@example.jp", null, PW, "facilitator");
    server.person("na@example.jp", natori, PW);
    server.person("ma@example.jp", matsue, PW);
    server.person("ka@example.jp", kobe, PW);
    long round = CaseApiTestSeed.round(server, "添付の研修", natori, matsue, kobe);
    session = CaseApiTestSeed.session(server, round, f, natori, matsue, 10, "scheduled");
    Api.Res c = as("na").put("/api/sessions/" + session + "/cases/" + natori, new JsonObject().put("title", "写真で見る防災")
        .put("summary", "訓練の様子を写真で伝えます。").put("version", 0));
    assertThat(c.status()).as(c.toString()).isEqualTo(201);
    caseId = c.json().getLong("id");
    long session2 = CaseApiTestSeed.session(server, CaseApiTestSeed.round(server, "添付の研修２", natori, matsue), f, natori, matsue, 12, "scheduled");
    otherCase = as("na").put("/api/sessions/" + session2 + "/cases/" + natori, new JsonObject().put("title", "五つまで").put("version", 0))
        .json().getLong("id");
  }

  static Api as(String who) {
    return server.signedIn(who + "@example.jp", PW);
  }

  static Api.Res upload(Api api, long caseId, String name, byte[] bytes) {
    return api.send(HttpMethod.POST, "/api/cases/" + caseId + "/attachments?name=" + URLEncoder.encode(name, StandardCharsets.UTF_8)
        .replace("+", "%20"), bytes, "application/octet-stream");
  }

  static String snapshot() {
    return server.sql("SELECT (SELECT count(*) FROM case_attachment) || '/' || (SELECT count(*) FROM case_attachment_chunk)"
        + " || '/' || (SELECT coalesce(sum(length(data)), 0) FROM case_attachment_chunk) AS s").iterator().next().getString("s");
  }

  // --- real files ---

  static byte[] pdf(String text) throws Exception {
    try (PDDocument doc = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
      PDPage page = new PDPage(PDRectangle.A4);
      doc.addPage(page);
      try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
        cs.setNonStrokingColor(Color.RED);
        cs.addRect(50, 500, 300, 200);
        cs.fill();
        cs.beginText();
        cs.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 24);
        cs.setNonStrokingColor(Color.BLACK);
        cs.newLineAtOffset(60, 450);
        cs.showText(text);
        cs.endText();
      }
      doc.addPage(new PDPage());
      doc.save(out);
      return out.toByteArray();
    }
  }

  static byte[] photo(String format, int w, int h) throws Exception {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setPaint(new GradientPaint(0, 0, Color.BLUE, w, h, Color.ORANGE));
    g.fillRect(0, 0, w, h);
    g.dispose();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertThat(ImageIO.write(img, format, out)).isTrue();
    return out.toByteArray();
  }

  /** An Office Open XML package: [Content_Types].xml first (as Office writes it), then the parts given as name, text. */
  static byte[] ooxml(String types, String... parts) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream z = new ZipOutputStream(out)) {
      entry(z, "[Content_Types].xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
          + "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
          + "<Default Extension=\"xml\" ContentType=\"application/xml\"/>" + types + "</Types>");
      for (int i = 0; i < parts.length; i += 2) {
        entry(z, parts[i], parts[i + 1]);
      }
    }
    return out.toByteArray();
  }

  static String rels(String... targets) {
    StringBuilder b = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">");
    for (int i = 0; i < targets.length; i += 2) {
      b.append("<Relationship Id=\"rId").append(i / 2 + 1).append("\" Type=\"").append(targets[i]).append("\" Target=\"")
          .append(targets[i + 1]).append("\"/>");
    }
    return b.append("</Relationships>").toString();
  }

  static final String OFFICE_DOCUMENT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument";

  /** A minimal SpreadsheetML workbook: one sheet with a Japanese cell (inline string). */
  static byte[] xlsx() throws Exception {
    return ooxml("<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>"
            + "<Override PartName=\"/xl/worksheets/sheet1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>",
        "_rels/.rels", rels(OFFICE_DOCUMENT, "xl/workbook.xml"),
        "xl/workbook.xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\""
            + " xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><sheets><sheet name=\"参加者\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>",
        "xl/_rels/workbook.xml.rels", rels("http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet", "worksheets/sheet1.xml"),
        "xl/worksheets/sheet1.xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
            + "<sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>防災訓練</t></is></c></row></sheetData></worksheet>");
  }

  /** A minimal PresentationML package: the presentation part and one slide. */
  static byte[] pptx() throws Exception {
    return ooxml("<Override PartName=\"/ppt/presentation.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml\"/>"
            + "<Override PartName=\"/ppt/slides/slide1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.presentationml.slide+xml\"/>",
        "_rels/.rels", rels(OFFICE_DOCUMENT, "ppt/presentation.xml"),
        "ppt/presentation.xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><p:presentation xmlns:p=\"http://schemas.openxmlformats.org/presentationml/2006/main\""
            + " xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><p:sldIdLst><p:sldId id=\"256\" r:id=\"rId1\"/></p:sldIdLst>"
            + "<p:sldSz cx=\"9144000\" cy=\"6858000\"/><p:notesSz cx=\"6858000\" cy=\"9144000\"/></p:presentation>",
        "ppt/_rels/presentation.xml.rels", rels("http://schemas.openxmlformats.org/officeDocument/2006/relationships/slide", "slides/slide1.xml"),
        "ppt/slides/slide1.xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><p:sld xmlns:p=\"http://schemas.openxmlformats.org/presentationml/2006/main\""
            + " xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\"><p:cSld><p:spTree><p:nvGrpSpPr><p:cNvPr id=\"1\" name=\"\"/>"
            + "<p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr><p:grpSpPr/></p:spTree></p:cSld></p:sld>");
  }

  /** A Java archive: a manifest and a class file's bytes. */
  static byte[] jar() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    java.util.jar.Manifest manifest = new java.util.jar.Manifest();
    manifest.getMainAttributes().put(java.util.jar.Attributes.Name.MANIFEST_VERSION, "1.0");
    manifest.getMainAttributes().put(java.util.jar.Attributes.Name.MAIN_CLASS, "Evil");
    try (java.util.jar.JarOutputStream z = new java.util.jar.JarOutputStream(out, manifest)) {
      z.putNextEntry(new ZipEntry("Evil.class"));
      z.write(new byte[] {(byte) 0xCA, (byte) 0xFE, (byte) 0xBA, (byte) 0xBE, 0, 0, 0, 61});
      z.closeEntry();
    }
    return out.toByteArray();
  }

  /** A plain ZIP archive of one text file. */
  static byte[] zip() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream z = new ZipOutputStream(out)) {
      entry(z, "readme.txt", "ただの圧縮ファイル");
    }
    return out.toByteArray();
  }

  /**
   * A compound file ([MS-CFB] version 3: 512-byte sectors; the header, one FAT sector, one directory sector) whose
   * directory holds the root and one empty stream named {@code stream}.
   */
  static byte[] ole2(String stream) {
    java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(512 * 3).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    b.put(new byte[] {(byte) 0xD0, (byte) 0xCF, 0x11, (byte) 0xE0, (byte) 0xA1, (byte) 0xB1, 0x1A, (byte) 0xE1});
    b.putShort(0x18, (short) 0x3E).putShort(0x1A, (short) 3).putShort(0x1C, (short) 0xFFFE).putShort(0x1E, (short) 9)
        .putShort(0x20, (short) 6).putInt(0x2C, 1).putInt(0x30, 1).putInt(0x38, 4096).putInt(0x3C, 0xFFFFFFFE)
        .putInt(0x44, 0xFFFFFFFE);
    b.putInt(0x4C, 0);
    for (int i = 1; i < 109; i++) {
      b.putInt(0x4C + i * 4, 0xFFFFFFFF);
    }
    int fat = 512;
    b.putInt(fat, 0xFFFFFFFD).putInt(fat + 4, 0xFFFFFFFE);
    for (int i = 2; i < 128; i++) {
      b.putInt(fat + i * 4, 0xFFFFFFFF);
    }
    int dir = 1024;
    directoryEntry(b, dir, "Root Entry", 5, 1);
    directoryEntry(b, dir + 128, stream, 2, -1);
    directoryEntry(b, dir + 256, "", 0, -1);
    directoryEntry(b, dir + 384, "", 0, -1);
    return b.array();
  }

  private static void directoryEntry(java.nio.ByteBuffer b, int at, String name, int type, int child) {
    byte[] n = name.getBytes(StandardCharsets.UTF_16LE);
    b.position(at);
    b.put(n);
    b.putShort(at + 0x40, (short) (name.isEmpty() ? 0 : n.length + 2)).put(at + 0x42, (byte) type).put(at + 0x43, (byte) 1)
        .putInt(at + 0x44, -1).putInt(at + 0x48, -1).putInt(at + 0x4C, child).putInt(at + 0x74, type == 0 ? 0 : 0xFFFFFFFE)
        .putInt(at + 0x78, 0);
  }

  @Test
  @DisplayName("Office files by their container's parts: an Excel and a PowerPoint package and a Word 97 file are taken;"
      + " a JAR, a plain ZIP or a workbook named .docx, and an OLE2 file without Word's stream named .doc are refused (415), nothing stored")
  void officeContainers() throws Exception {
    long round = CaseApiTestSeed.round(server, "添付の研修３", natori, matsue);
    long s = CaseApiTestSeed.session(server, round, server.person("fo@example.jp", null, PW, "facilitator"), natori, matsue, 14, "scheduled");
    long c = as("na").put("/api/sessions/" + s + "/cases/" + natori, new JsonObject().put("title", "表と発表資料").put("version", 0))
        .json().getLong("id");
    Api a = as("na");
    byte[] workbookBytes = xlsx();
    Api.Res x = upload(a, c, "参加者名簿.xlsx", workbookBytes);
    assertThat(x.status()).as(x.toString()).isEqualTo(201);
    assertThat(x.json().getString("kind")).isEqualTo("Excel");
    Api.Res p = upload(a, c, "発表資料.pptx", pptx());
    assertThat(p.status()).as(p.toString()).isEqualTo(201);
    assertThat(p.json().getString("kind")).isEqualTo("PowerPoint");
    assertThat(p.json().getBoolean("hasPreview")).isFalse();
    Api.Res d = upload(a, c, "報告書.doc", ole2("WordDocument"));
    assertThat(d.status()).as(d.toString()).isEqualTo(201);
    assertThat(d.json().getString("contentType")).isEqualTo("application/msword");
    // Downloaded byte for byte.
    assertThat(a.get("/api/attachments/" + x.json().getLong("id")).raw().getBytes()).isEqualTo(workbookBytes);

    String before = snapshot();
    Api.Res jar = upload(a, c, "報告書.docx", jar());
    assertThat(jar.status()).as(jar.toString()).isEqualTo(415);
    assertThat(jar.errorCode()).isIn("type_mismatch", "unsupported_type");
    Api.Res zip = upload(a, c, "報告書.docx", zip());
    assertThat(zip.status()).as(zip.toString()).isEqualTo(415);
    assertThat(zip.errorCode()).isEqualTo("type_mismatch");
    assertThat(zip.json().getJsonObject("error").getString("message")).contains("Word").contains("[Content_Types].xml");
    Api.Res workbook = upload(a, c, "報告書.docx", xlsx());
    assertThat(workbook.status()).as(workbook.toString()).isEqualTo(415);
    assertThat(workbook.json().getJsonObject("error").getString("message")).contains("word/");
    Api.Res slides = upload(a, c, "表.xlsx", pptx());
    assertThat(slides.status()).as(slides.toString()).isEqualTo(415);
    Api.Res notWord = upload(a, c, "報告書.doc", ole2("Workbook"));
    assertThat(notWord.status()).as(notWord.toString()).isEqualTo(415);
    assertThat(notWord.errorCode()).isEqualTo("type_mismatch");
    Api.Res xls = upload(a, c, "名簿.xls", ole2("WordDocument"));
    assertThat(xls.status()).as(xls.toString()).isEqualTo(415);
    assertThat(snapshot()).isEqualTo(before);
  }

  /** A minimal Office Open XML word-processing package (the parts Word needs to open it). */
  static byte[] docx() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream z = new ZipOutputStream(out)) {
      entry(z, "[Content_Types].xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
          + "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
          + "<Default Extension=\"xml\" ContentType=\"application/xml\"/><Override PartName=\"/word/document.xml\""
          + " ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/></Types>");
      entry(z, "_rels/.rels", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
          + "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/></Relationships>");
      entry(z, "word/document.xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">"
          + "<w:body><w:p><w:r><w:t>防災訓練の記録</w:t></w:r></w:p></w:body></w:document>");
    }
    return out.toByteArray();
  }

  static void entry(ZipOutputStream z, String name, String text) throws Exception {
    z.putNextEntry(new ZipEntry(name));
    z.write(text.getBytes(StandardCharsets.UTF_8));
    z.closeEntry();
  }

  @Test
  @DisplayName("a PDF, a photo and a Word file: stored by content type, listed on the case, downloaded byte for byte with safe headers, previews made")
  void uploadAndDownload() throws Exception {
    Api a = as("na");
    byte[] pdf = pdf("Bousai kunren 2026");
    Api.Res p = upload(a, caseId, "防災訓練の記録.pdf", pdf);
    assertThat(p.status()).as(p.toString()).isEqualTo(201);
    assertThat(p.json().getString("contentType")).isEqualTo("application/pdf");
    assertThat(p.json().getLong("size")).isEqualTo(pdf.length);
    assertThat(p.json().getBoolean("hasPreview")).isTrue();
    long pdfId = p.json().getLong("id");

    byte[] jpeg = photo("jpg", 3000, 2000);
    Api.Res j = upload(a, caseId, "訓練の写真.JPG", jpeg);
    assertThat(j.status()).as(j.toString()).isEqualTo(201);
    assertThat(j.json().getString("contentType")).isEqualTo("image/jpeg");
    long jpegId = j.json().getLong("id");

    Api.Res d = upload(a, caseId, "報告書.docx", docx());
    assertThat(d.status()).as(d.toString()).isEqualTo(201);
    assertThat(d.json().getString("kind")).isEqualTo("Word");
    assertThat(d.json().getBoolean("hasPreview")).isFalse();

    // The partner gets neither the draft nor its files (404, as a stranger); once it is submitted, both.
    Api b = as("ma");
    assertThat(b.get("/api/attachments/" + pdfId).status()).isEqualTo(404);
    assertThat(b.get("/api/attachments/" + pdfId + "/preview").status()).isEqualTo(404);
    assertThat(b.get("/api/sessions/" + session + "/cases").array("centers").getJsonObject(0).getJsonObject("case")
        .containsKey("attachments")).isFalse();
    assertThat(a.post("/api/cases/" + caseId + "/submit", null).status()).isEqualTo(200);
    JsonArray files = b.get("/api/cases/" + caseId).json().getJsonArray("attachments");
    assertThat(files).hasSize(3);
    assertThat(files.getJsonObject(0).getString("name")).isEqualTo("防災訓練の記録.pdf");
    JsonArray listed = b.get("/api/sessions/" + session + "/cases").array("centers").getJsonObject(0).getJsonObject("case")
        .getJsonArray("attachments");
    assertThat(listed).hasSize(3);

    Api.Res got = b.get("/api/attachments/" + pdfId);
    assertThat(got.status()).isEqualTo(200);
    assertThat(got.raw().getBytes()).isEqualTo(pdf);
    assertThat(got.headers().get("Content-Type")).isEqualTo("application/pdf");
    assertThat(got.headers().get("X-Content-Type-Options")).isEqualTo("nosniff");
    assertThat(got.headers().get("Content-Security-Policy")).contains("sandbox").contains("default-src 'none'");
    String disposition = got.headers().get("Content-Disposition");
    assertThat(disposition).startsWith("attachment;");
    assertThat(pythonFilename(disposition)).isEqualTo("attachment|防災訓練の記録.pdf");
    assertThat(disposition).contains("filename=\"_______.pdf\"");

    assertThat(b.get("/api/attachments/" + jpegId).raw().getBytes()).isEqualTo(jpeg);
    for (long id : new long[] {pdfId, jpegId}) {
      Api.Res preview = b.get("/api/attachments/" + id + "/preview");
      assertThat(preview.status()).isEqualTo(200);
      assertThat(preview.headers().get("Content-Type")).isEqualTo("image/png");
      BufferedImage img = ImageIO.read(new ByteArrayInputStream(preview.raw().getBytes()));
      assertThat(Math.max(img.getWidth(), img.getHeight())).isEqualTo(Previews.SIZE);
    }
    // The PDF's preview is its first page: the red box is there.
    BufferedImage page = ImageIO.read(new ByteArrayInputStream(b.get("/api/attachments/" + pdfId + "/preview").raw().getBytes()));
    Color c = new Color(page.getRGB((int) (page.getWidth() * 0.3), (int) (page.getHeight() * 0.25)));
    assertThat(c.getRed()).isGreaterThan(200);
    assertThat(c.getGreen()).isLessThan(60);

    assertThat(as("ka").get("/api/attachments/" + pdfId).status()).isEqualTo(404);
    assertThat(as("ka").get("/api/attachments/" + pdfId + "/preview").status()).isEqualTo(404);
    assertThat(server.api().get("/api/attachments/" + pdfId).status()).isEqualTo(401);
    assertThat(b.get("/api/attachments/" + d.json().getLong("id") + "/preview").status()).isEqualTo(404);

    // Only the center's own staff upload or remove.
    String before = snapshot();
    assertThat(upload(b, caseId, "x.pdf", pdf).status()).isEqualTo(403);
    assertThat(b.delete("/api/attachments/" + jpegId).status()).isEqualTo(403);
    assertThat(snapshot()).isEqualTo(before);
    assertThat(a.delete("/api/attachments/" + jpegId).status()).isEqualTo(204);
    assertThat(b.get("/api/attachments/" + jpegId).status()).isEqualTo(404);
    assertThat(server.sql("SELECT count(*) AS n FROM case_attachment_chunk WHERE attachment_id = $1", jpegId)
        .iterator().next().getLong("n")).isZero();
  }

  /**
   * The disposition type and the RFC 5987 {@code filename*} as Python's e-mail package decodes it (its RFC 2231
   * decoder; Python takes the first of two filename parameters, so the extended one is picked out by its form).
   */
  static String pythonFilename(String header) throws Exception {
    Path script = Files.createTempFile("disposition", ".py");
    Files.writeString(script, String.join("\n",
        "import sys",
        "from email.message import Message",
        "m = Message()",
        "m['Content-Disposition'] = sys.stdin.read()",
        "from email import utils",
        "ext = [utils.collapse_rfc2231_value(v) for k, v in m.get_params(header='content-disposition')",
        "       if k == 'filename' and isinstance(v, tuple)]",
        "sys.stdout.buffer.write((m.get_content_disposition() + '|' + '|'.join(ext)).encode('utf-8'))"));
    Process p = new ProcessBuilder("/usr/bin/python3", script.toString()).redirectErrorStream(true).start();
    try (OutputStream in = p.getOutputStream()) {
      in.write(header.getBytes(StandardCharsets.ISO_8859_1));
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    Files.delete(script);
    return out;
  }

  @Test
  @DisplayName("refused by content or name: PDF named .jpg, HTML named .pdf, SVG with script, an executable, an empty file, bad names — 4xx, nothing stored")
  void refusals() throws Exception {
    Api a = as("na");
    String before = snapshot();
    Api.Res mismatch = upload(a, caseId, "photo.jpg", pdf("not a photo"));
    assertThat(mismatch.status()).as(mismatch.toString()).isEqualTo(415);
    assertThat(mismatch.errorCode()).isEqualTo("type_mismatch");
    Api.Res html = upload(a, caseId, "report.pdf", "<!DOCTYPE html><html><body><script>alert(1)</script></body></html>".getBytes());
    assertThat(html.status()).isEqualTo(415);
    assertThat(html.errorCode()).isEqualTo("unsupported_type");
    byte[] svg = "<?xml version=\"1.0\"?><svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>".getBytes();
    assertThat(upload(a, caseId, "logo.svg", svg).errorCode()).isEqualTo("unsupported_type");
    assertThat(upload(a, caseId, "logo.png", svg).status()).isEqualTo(415);
    byte[] exe = new byte[4096];
    exe[0] = 'M';
    exe[1] = 'Z';
    assertThat(upload(a, caseId, "setup.pdf", exe).status()).isEqualTo(415);
    assertThat(upload(a, caseId, "setup.exe", exe).status()).isEqualTo(415);
    Api.Res empty = upload(a, caseId, "empty.pdf", new byte[0]);
    assertThat(empty.status()).as(empty.toString()).isEqualTo(422);
    assertThat(empty.errorCode()).isEqualTo("empty_file");
    byte[] png = photo("png", 40, 30);
    for (String bad : List.of("../../etc/passwd.png", "a/b.png", "..\\x.png", "nul\u0000.png", "evil\u202Egnp.exe.png",
        "x".repeat(300) + ".png", "", ".hidden.png")) {
      Api.Res res = upload(a, caseId, bad, png);
      assertThat(res.status()).as(bad + " → " + res).isEqualTo(422);
      assertThat(res.json().getJsonObject("error").getString("field")).isEqualTo("name");
    }
    assertThat(upload(a, 999999, "x.png", png).status()).isEqualTo(404);
    assertThat(upload(as("ka"), caseId, "x.png", png).status()).isEqualTo(404);
    assertThat(snapshot()).isEqualTo(before);
    // Without the CSRF header the upload is refused before anything is read.
    assertThat(as("na").withoutXsrf().send(HttpMethod.POST, "/api/cases/" + caseId + "/attachments?name=x.png", png,
        "image/png").status()).isEqualTo(403);
    assertThat(snapshot()).isEqualTo(before);
  }

  @Test
  @DisplayName("a sixth file is refused; so is a file declared over 20 MB, answered before its body is sent")
  void limits() throws Exception {
    Api a = as("na");
    byte[] png = photo("png", 64, 48);
    for (int i = 1; i <= 5; i++) {
      assertThat(upload(a, otherCase, "写真" + i + ".png", png).status()).isEqualTo(201);
    }
    String before = snapshot();
    Api.Res sixth = upload(a, otherCase, "写真6.png", png);
    assertThat(sixth.status()).isEqualTo(409);
    assertThat(sixth.errorCode()).isEqualTo("too_many_attachments");

    // 20 MB + 1 declared: the 413 comes back though not one byte of the body was sent.
    String head = "POST /api/cases/" + caseId + "/attachments?name=big.pdf HTTP/1.1\r\nHost: localhost\r\n"
        + "Cookie: kakehashi_session=" + a.cookie("kakehashi_session") + "; XSRF-TOKEN=" + a.cookie("XSRF-TOKEN") + "\r\n"
        + "X-XSRF-TOKEN: " + a.cookie("XSRF-TOKEN") + "\r\nContent-Type: application/pdf\r\n"
        + "Content-Length: " + (20L * 1024 * 1024 + 1) + "\r\n\r\n";
    assertThat(rawStatus(head, new byte[0])).startsWith("HTTP/1.1 413");

    // Declared honestly small but sending more than 20 MB in chunks: cut off at the limit.
    String chunked = "POST /api/cases/" + caseId + "/attachments?name=big.pdf HTTP/1.1\r\nHost: localhost\r\n"
        + "Cookie: kakehashi_session=" + a.cookie("kakehashi_session") + "; XSRF-TOKEN=" + a.cookie("XSRF-TOKEN") + "\r\n"
        + "X-XSRF-TOKEN: " + a.cookie("XSRF-TOKEN") + "\r\nContent-Type: application/pdf\r\nTransfer-Encoding: chunked\r\n\r\n";
    byte[] start = pdf("big");
    assertThat(rawStatusChunked(chunked, start, 21 * 1024 * 1024)).startsWith("HTTP/1.1 413");
    assertThat(snapshot()).isEqualTo(before);
  }

  /** Sends a request head (and body) on a plain socket and returns the response's status line. */
  static String rawStatus(String head, byte[] body) throws Exception {
    try (Socket s = new Socket("localhost", server.port())) {
      s.setSoTimeout(30_000);
      OutputStream out = s.getOutputStream();
      out.write(head.getBytes(StandardCharsets.UTF_8));
      out.write(body);
      out.flush();
      return statusLine(s.getInputStream());
    }
  }

  /** Sends {@code first} and then random bytes up to {@code total} as chunks, until the server answers or closes. */
  static String rawStatusChunked(String head, byte[] first, int total) throws Exception {
    try (Socket s = new Socket("localhost", server.port())) {
      s.setSoTimeout(30_000);
      OutputStream out = s.getOutputStream();
      out.write(head.getBytes(StandardCharsets.UTF_8));
      writeChunk(out, first);
      Random random = new Random(1);
      byte[] block = new byte[64 * 1024];
      int sent = first.length;
      try {
        while (sent < total) {
          random.nextBytes(block);
          writeChunk(out, block);
          sent += block.length;
        }
        out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
      } catch (java.io.IOException closed) {
        // The server answered and closed the connection while we were still sending: expected.
      }
      return statusLine(s.getInputStream());
    }
  }

  static void writeChunk(OutputStream out, byte[] data) throws Exception {
    out.write((Integer.toHexString(data.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
    out.write(data);
    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
  }

  static String statusLine(InputStream in) throws Exception {
    List<Byte> line = new ArrayList<>();
    int c;
    while ((c = in.read()) != -1 && c != '\n') {
      line.add((byte) c);
    }
    byte[] b = new byte[line.size()];
    for (int i = 0; i < b.length; i++) {
      b[i] = line.get(i);
    }
    return new String(b, StandardCharsets.US_ASCII).strip();
  }
}
