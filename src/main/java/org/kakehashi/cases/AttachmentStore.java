package org.kakehashi.cases;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * SQL of case attachments (tables case_attachment and case_attachment_chunk, owned by this package). A
 * file is stored as chunks of at most {@link #CHUNK} bytes, written and read one at a time.
 */
final class AttachmentStore {

  /** The size of a stored chunk (a download holds one in memory at a time). */
  static final int CHUNK = 256 * 1024;
  static final int MAX_PER_CASE = 5;
  static final long MAX_BYTES = 20L * 1024 * 1024;

  /** An attachment's description (no bytes). */
  record Meta(long id, long caseId, String name, String contentType, long size, String sha256, boolean preview,
              String createdAt) {
    JsonObject json() {
      return new JsonObject().put("id", id).put("caseId", caseId).put("name", name).put("contentType", contentType)
          .put("kind", FileTypes.ACCEPTED.getOrDefault(contentType, "file")).put("size", size).put("sha256", sha256)
          .put("hasPreview", preview).put("createdAt", createdAt)
          .put("url", "/api/attachments/" + id).put("previewUrl", preview ? "/api/attachments/" + id + "/preview" : null);
    }
  }

  private AttachmentStore() {
  }

  private static final String META = "SELECT id, case_id, name, content_type, size, sha256, preview IS NOT NULL AS has_preview,"
      + " created_at FROM case_attachment";

  private static Meta meta(Row r) {
    return new Meta(r.getLong("id"), r.getLong("case_id"), r.getString("name"), r.getString("content_type"),
        r.getLong("size"), r.getString("sha256"), r.getBoolean("has_preview"), r.getOffsetDateTime("created_at").toString());
  }

  static Future<Meta> get(SqlClient client, long id) {
    return client.preparedQuery(META + " WHERE id = $1").execute(Tuple.of(id))
        .map(rows -> rows.size() == 0 ? null : meta(rows.iterator().next()));
  }

  /** The attachments of some cases, by case id, oldest first. */
  static Future<Map<Long, JsonArray>> ofCases(SqlClient client, List<Long> caseIds) {
    if (caseIds.isEmpty()) {
      return Future.succeededFuture(Map.of());
    }
    return client.preparedQuery(META + " WHERE case_id = ANY($1) ORDER BY case_id, id")
        .execute(Tuple.of((Object) caseIds.toArray(Long[]::new)))
        .map(rows -> {
          Map<Long, JsonArray> out = new HashMap<>();
          rows.forEach(r -> out.computeIfAbsent(r.getLong("case_id"), k -> new JsonArray()).add(meta(r).json()));
          return out;
        });
  }

  static Future<Integer> count(SqlClient client, long caseId) {
    return client.preparedQuery("SELECT count(*) AS n FROM case_attachment WHERE case_id = $1").execute(Tuple.of(caseId))
        .map(rows -> rows.iterator().next().getInteger("n"));
  }

  /**
   * In the upload's transaction: locks the case (so two uploads at once cannot make a sixth), checks the
   * count, and creates the attachment row; its size and digest are set by {@link #finish}.
   */
  static Future<Long> begin(SqlClient tx, long caseId, String name, String type, long personId) {
    return tx.preparedQuery("SELECT id FROM case_study WHERE id = $1 FOR UPDATE").execute(Tuple.of(caseId))
        .compose(locked -> {
          if (locked.size() == 0) {
            return Future.failedFuture(org.kakehashi.platform.ApiError.notFound("This case"));
          }
          return count(tx, caseId);
        })
        .compose(n -> {
          if (n >= MAX_PER_CASE) {
            return Future.failedFuture(tooMany());
          }
          return tx.preparedQuery("INSERT INTO case_attachment (case_id, name, content_type, size, sha256, uploaded_by)"
                  + " VALUES ($1, $2, $3, 1, '', $4) RETURNING id")
              .execute(Tuple.of(caseId, name, type, personId))
              .map(rows -> rows.iterator().next().getLong("id"));
        });
  }

  static org.kakehashi.platform.ApiError tooMany() {
    return new org.kakehashi.platform.ApiError(409, "too_many_attachments",
        "A case has at most " + MAX_PER_CASE + " attachments: remove one first.", "file", null);
  }

  static Future<Void> chunk(SqlClient tx, long attachmentId, int seq, Buffer data) {
    return tx.preparedQuery("INSERT INTO case_attachment_chunk (attachment_id, seq, data) VALUES ($1, $2, $3)")
        .execute(Tuple.of(attachmentId, seq, data)).mapEmpty();
  }

  static Future<Void> finish(SqlClient tx, long attachmentId, long size, String sha256) {
    return tx.preparedQuery("UPDATE case_attachment SET size = $2, sha256 = $3 WHERE id = $1")
        .execute(Tuple.of(attachmentId, size, sha256)).mapEmpty();
  }

  static Future<Void> preview(SqlClient client, long attachmentId, byte[] png) {
    return client.preparedQuery("UPDATE case_attachment SET preview = $2 WHERE id = $1")
        .execute(Tuple.of(attachmentId, Buffer.buffer(png))).mapEmpty();
  }

  /** One stored chunk, or null past the last. */
  static Future<Buffer> readChunk(SqlClient client, long attachmentId, int seq) {
    return client.preparedQuery("SELECT data FROM case_attachment_chunk WHERE attachment_id = $1 AND seq = $2")
        .execute(Tuple.of(attachmentId, seq))
        .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getBuffer("data"));
  }

  static Future<Buffer> readPreview(SqlClient client, long attachmentId) {
    return client.preparedQuery("SELECT preview FROM case_attachment WHERE id = $1").execute(Tuple.of(attachmentId))
        .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getBuffer("preview"));
  }

  static Future<Boolean> delete(SqlClient tx, long attachmentId) {
    return tx.preparedQuery("DELETE FROM case_attachment WHERE id = $1").execute(Tuple.of(attachmentId))
        .map(rows -> rows.rowCount() == 1);
  }
}
