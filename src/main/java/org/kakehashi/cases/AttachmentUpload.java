package org.kakehashi.cases;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import org.kakehashi.platform.ApiError;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * One attachment's upload, streamed (README, "Case attachments"): the request arrives paused (the route
 * skips the global body handler); its first {@link FileTypes#SNIFF_BYTES} bytes decide the type, then the
 * body goes to PostgreSQL in chunks of {@link AttachmentStore#CHUNK} bytes inside one transaction, the
 * request paused while a chunk is written, so memory holds about one chunk whatever the file's size. A
 * photo or PDF is also written to a temporary file for its preview, an Office file for a look at its
 * container's parts before the transaction commits. Any failure (too big, a refused type,
 * the client gone, a sixth attachment) rolls the transaction back: nothing is stored.
 */
final class AttachmentUpload {

  /** An upload that sends nothing for this long is abandoned (its transaction rolled back). */
  static final long IDLE_MILLIS = 60_000;

  private final Vertx vertx;
  private final Pool pool;
  private final HttpServerRequest req;
  private final long caseId;
  private final String name;
  private final long personId;
  private final MessageDigest sha;

  private Buffer pending = Buffer.buffer();
  private long total;
  private int seq;
  private boolean ended;
  private boolean failed;
  private Throwable failure;
  private long lastActivity = System.currentTimeMillis();
  private final Promise<Void> sniffed = Promise.promise();
  private Promise<Long> stored;
  private SqlConnection tx;
  private long attachmentId;
  private AsyncFile file;
  private Path temp;
  private String type;

  private AttachmentUpload(Vertx vertx, Pool pool, HttpServerRequest req, long caseId, String name, long personId) {
    this.vertx = vertx;
    this.pool = pool;
    this.req = req;
    this.caseId = caseId;
    this.name = name;
    this.personId = personId;
    try {
      this.sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Receives the (paused) request's body as an attachment of {@code caseId}. */
  static Future<AttachmentStore.Meta> receive(Vertx vertx, Pool pool, HttpServerRequest req, long caseId, String name,
                                              long personId) {
    AttachmentUpload u = new AttachmentUpload(vertx, pool, req, caseId, name, personId);
    long timer = vertx.setPeriodic(5_000, t -> {
      if (System.currentTimeMillis() - u.lastActivity > IDLE_MILLIS) {
        u.abort(new ApiError(408, "upload_timeout", "The upload stopped sending data."));
      }
    });
    return u.run().onComplete(ar -> {
      vertx.cancelTimer(timer);
      u.cleanUp();
    });
  }

  private Future<AttachmentStore.Meta> run() {
    req.exceptionHandler(this::abort);
    req.endHandler(v -> onEnd());
    req.handler(this::onSniff);
    if ("100-continue".equalsIgnoreCase(req.getHeader("Expect"))) {
      req.response().writeContinue();
    }
    req.resume();
    return sniffed.future().compose(v -> {
      if (ended && total == 0) {
        throw new ApiError(422, "empty_file", "The file is empty.", "file", null);
      }
      FileTypes.Verdict verdict = FileTypes.decide(pending.getBytes(), name);
      if (!verdict.accepted()) {
        throw refusal(verdict);
      }
      type = verdict.type();
      // A photo or PDF for its preview, an Office file for its container's parts: also kept on disk.
      return FileTypes.previewable(type) || FileTypes.container(type) ? openTemp() : Future.succeededFuture();
    }).compose(v -> pool.withTransaction(conn -> {
      tx = conn;
      return AttachmentStore.begin(conn, caseId, name, type, personId).compose(id -> {
        if (failed) {
          return Future.failedFuture(failure);
        }
        attachmentId = id;
        stored = Promise.promise();
        if (ended) {
          onEnd();
        } else {
          req.handler(this::onData);
          if (pending.length() >= AttachmentStore.CHUNK) {
            flushAndResume();
          } else {
            req.resume();
          }
        }
        return stored.future();
      });
    })).compose(id -> preview(id).compose(p -> AttachmentStore.get(pool, id)));
  }

  private static ApiError refusal(FileTypes.Verdict v) {
    if ("type_mismatch".equals(v.refusal())) {
      return new ApiError(415, "type_mismatch", "The file's name does not match its content (" + v.type()
          + "): rename it to what it is.", "file", null);
    }
    return new ApiError(415, "unsupported_type", "This kind of file (" + v.type() + ") cannot be attached: PDF, JPEG,"
        + " PNG, Word, Excel or PowerPoint files only.", "file", null);
  }

  private void onSniff(Buffer b) {
    if (!take(b)) {
      return;
    }
    if (pending.length() >= FileTypes.SNIFF_BYTES) {
      req.pause();
      sniffed.tryComplete();
    }
  }

  private void onData(Buffer b) {
    if (!take(b)) {
      return;
    }
    if (pending.length() >= AttachmentStore.CHUNK) {
      req.pause();
      flushAndResume();
    }
  }

  /** Counts a piece of the body; false (and the upload aborted) when the file grows past the limit. */
  private boolean take(Buffer b) {
    if (failed) {
      return false;
    }
    lastActivity = System.currentTimeMillis();
    total += b.length();
    if (total > AttachmentStore.MAX_BYTES) {
      abort(tooLarge());
      return false;
    }
    pending.appendBuffer(b);
    return true;
  }

  static ApiError tooLarge() {
    return new ApiError(413, "too_large", "A file may have at most 20 MB.", "file", null);
  }

  private void flushAndResume() {
    flush().onComplete(ar -> {
      if (ar.failed()) {
        abort(ar.cause());
      } else if (!failed) {
        req.resume();
      }
    });
  }

  private void onEnd() {
    ended = true;
    if (failed) {
      return;
    }
    if (stored == null) {
      sniffed.tryComplete();
      return;
    }
    flush().compose(v -> {
      if (total == 0) {
        throw new ApiError(422, "empty_file", "The file is empty.", "file", null);
      }
      return file == null ? Future.<Void>succeededFuture() : file.flush().compose(x -> file.close()).onSuccess(x -> file = null);
    }).compose(v -> containerChecked())
        .compose(v -> AttachmentStore.finish(tx, attachmentId, total, HexFormat.of().formatHex(sha.digest())))
        .onComplete(ar -> {
          if (ar.failed()) {
            abort(ar.cause());
          } else {
            stored.tryComplete(attachmentId);
          }
        });
  }

  /** Writes what is pending as the next chunk (and to the temporary file), pending emptied. */
  private Future<Void> flush() {
    if (pending.length() == 0) {
      return Future.succeededFuture();
    }
    Buffer data = pending;
    pending = Buffer.buffer();
    sha.update(data.getBytes());
    Future<Void> db = AttachmentStore.chunk(tx, attachmentId, seq++, data);
    return file == null ? db : Future.all(db, file.write(data)).mapEmpty();
  }

  private void abort(Throwable err) {
    if (failed) {
      return;
    }
    failed = true;
    failure = err;
    req.pause();
    if (!sniffed.tryFail(err) && stored != null) {
      stored.tryFail(err);
    }
  }

  /**
   * An Office file's container, once all of it is on disk, must hold its program's parts (FileTypes): else the
   * upload is refused (415) and its transaction rolled back, nothing stored.
   */
  private Future<Void> containerChecked() {
    if (!FileTypes.container(type) || temp == null) {
      return Future.succeededFuture();
    }
    Path path = temp;
    String t = type;
    return vertx.executeBlocking(() -> FileTypes.checkContainer(path, t), false).map(problem -> {
      if (problem != null) {
        throw new ApiError(415, "type_mismatch", "The file is named as a " + FileTypes.ACCEPTED.get(t)
            + " file but its content is not one (" + problem + "): rename it to what it is.", "file", null);
      }
      return null;
    });
  }

  private Future<Void> openTemp() {
    return vertx.executeBlocking(() -> Files.createTempFile("kakehashi-upload-", ".bin"))
        .compose(path -> {
          temp = path;
          return vertx.fileSystem().open(path.toString(), new OpenOptions().setWrite(true).setTruncateExisting(true));
        })
        .onSuccess(f -> file = f).mapEmpty();
  }

  private Future<Void> preview(long id) {
    if (temp == null || !FileTypes.previewable(type)) {
      return Future.succeededFuture();
    }
    Path path = temp;
    String t = type;
    return vertx.executeBlocking(() -> Previews.of(path, t), false)
        .compose(png -> png == null ? Future.succeededFuture() : AttachmentStore.preview(pool, id, png))
        .recover(err -> Future.succeededFuture());
  }

  private void cleanUp() {
    AsyncFile f = file;
    file = null;
    Path path = temp;
    temp = null;
    Future<Void> closed = f == null ? Future.succeededFuture() : f.close().recover(e -> Future.succeededFuture());
    if (path != null) {
      closed.onComplete(ar -> vertx.executeBlocking(() -> Files.deleteIfExists(path), false));
    }
  }
}
