package org.kakehashi.cases;

import io.vertx.core.Future;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.sqlclient.Pool;

/**
 * Sends a stored attachment (README, "Case attachments"): always as a download ({@code Content-Disposition:
 * attachment} with the RFC 6266 name), never sniffed by the browser ({@code nosniff}) and sandboxed by its
 * CSP should it be opened anyway; the chunks are read and written one at a time, each written before the
 * next is read, so a 20 MB file never sits whole in memory.
 */
final class AttachmentDownload {

  /** The CSP of a download: nothing runs, nothing loads, no origin (a file opened in the browser is inert). */
  static final String CSP = "default-src 'none'; sandbox";

  private AttachmentDownload() {
  }

  static Future<Void> send(Pool pool, HttpServerResponse res, AttachmentStore.Meta m) {
    res.putHeader("Content-Type", m.contentType())
        .putHeader("Content-Length", Long.toString(m.size()))
        .putHeader("Content-Disposition", FileNames.contentDisposition(m.name()))
        .putHeader("X-Content-Type-Options", "nosniff")
        .putHeader("Content-Security-Policy", CSP)
        // Vert.x compresses no response marked identity (PDFs and photos are compressed already).
        .putHeader("Content-Encoding", "identity")
        .putHeader("Cache-Control", "private, no-store")
        .putHeader("ETag", "\"" + m.sha256() + "\"");
    return next(pool, res, m.id(), 0).compose(v -> res.end()).recover(err -> {
      // Headers are gone already: the only honest end is to break the connection (the client sees a short file).
      res.reset();
      return Future.failedFuture(err);
    });
  }

  private static Future<Void> next(Pool pool, HttpServerResponse res, long id, int seq) {
    return AttachmentStore.readChunk(pool, id, seq).compose(chunk -> chunk == null ? Future.succeededFuture()
        : res.write(chunk).compose(v -> next(pool, res, id, seq + 1)));
  }
}
