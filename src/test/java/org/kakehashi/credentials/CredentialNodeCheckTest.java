package org.kakehashi.credentials;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.kakehashi.demo.DemoData;
import org.kakehashi.platform.Passwords;
import org.kakehashi.support.Api;
import org.kakehashi.support.TestServer;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The credentials checked by implementations other than ours (README "Credentials"): the demo's
 * credentials, plus a participation credential with evidence and a 「事例発表」 accepted through the API,
 * one of them revoked, are handed to node, where npm's {@code jose} verifies each VC-JWT against the
 * JWKS this running server serves over HTTP and reads the status list it names, and {@code ajv}
 * validates the payload against 1EdTech's OB 3.0 JSON Schema ({@code src/test/resources/ob3/}, its
 * source named there); each badge PNG, downloaded, is decoded by {@code pngjs} and its chunks listed by
 * {@code png-chunks-extract} to check the OB 3.0 baking. The e2e profile installs jose and ajv under {@code target/e2e-node}; the test is
 * skipped only when npm itself is missing. The first demo credential, decoded, is written to
 * {@code target/credentials/demo-decoded.json}.
 */
@Tag("e2e")
class CredentialNodeCheckTest {

  // A fixed port, so the issuer's URLs inside the credentials (status list, JWKS) are this server's.
  static final int PORT = freePort();
  static final Path NODE = Path.of("target", "e2e-node");
  static final String PW = "node-check-password";

  @RegisterExtension
  static TestServer server = new TestServer(json -> {
    json.getJsonObject("http").put("port", PORT);
    json.put("publicUrl", "http://localhost:" + PORT).put("demo", true);
    json.getJsonObject("database").put("connectTimeoutMillis", 15_000);
  });

  @Test
  @DisplayName("jose verifies every credential against the served JWKS and status list; ajv validates it against 1EdTech's OB 3.0 schema")
  void independentChecks() throws Exception {
    assumeTrue(onPath("npm"), "npm is not installed: the independent node check cannot run");
    assertThat(NODE.resolve("node_modules/jose/package.json")).as("jose, ajv and ajv-formats are installed by the e2e profile"
        + " (mvn -Pe2e generate-test-resources)").exists();
    assertThat(NODE.resolve("node_modules/ajv-formats/package.json")).exists();
    assertThat(NODE.resolve("node_modules/png-chunks-extract/package.json")).exists();

    String coordinator = "coordinator@" + DemoData.DOMAIN;
    String natori = "natori-1.1@" + DemoData.DOMAIN;
    server.sql("UPDATE person SET password_hash = $1 WHERE email::text = ANY ($2)", Passwords.hashNow(PW),
        new String[] {coordinator, natori});
    long demoCount = server.count("credential");
    assertThat(demoCount).as("the demo's held session has credentials").isGreaterThan(0);

    // natori-1.1 was left to accept theirs: as a presenter of a submitted case too.
    Row held = server.sql("SELECT s.id, c.id AS center FROM session s JOIN registration r ON r.session_id = s.id"
        + " JOIN person p ON p.id = r.person_id JOIN center c ON c.id = p.center_id"
        + " WHERE s.status = 'held' AND p.email = $1", natori).iterator().next();
    long session = held.getLong("id");
    long natoriId = server.sql("SELECT id FROM person WHERE email = $1", natori).iterator().next().getLong("id");
    server.sql("INSERT INTO case_study (session_id, center_id, title, summary, presenters, status, submitted_at)"
            + " VALUES ($1, $2, '図書室から始まる多世代の居場所', '放課後の図書室を地域に開いた一年', $3, 'submitted', now())"
            + " ON CONFLICT (session_id, center_id) DO UPDATE SET presenters = EXCLUDED.presenters, status = 'submitted',"
            + " submitted_at = now(), title = EXCLUDED.title",
        session, held.getLong("center"), new Long[] {natoriId});
    Api me = server.signedIn(natori, PW);
    JsonObject offer = me.get("/api/me/credentials").json().getJsonArray("offers").getJsonObject(0);
    boolean evidence = offer.getString("tryAnswer") != null;
    for (String kind : List.of("participation", "presentation")) {
      Api.Res res = me.post("/api/sessions/" + session + "/credentials",
          new JsonObject().put("achievement", kind).put("withEvidence", evidence && kind.equals("participation")));
      assertThat(res.status()).as(res.toString()).isEqualTo(201);
    }
    // The coordinator revokes one demo credential.
    String revoked = server.sql("SELECT c.id::text AS id FROM credential c JOIN person p ON p.id = c.person_id"
        + " WHERE p.email <> $1 ORDER BY c.issued_at LIMIT 1 OFFSET 1", natori).iterator().next().getString("id");
    Api coordinatorApi = server.signedIn(coordinator, PW);
    assertThat(coordinatorApi.post("/api/credentials/" + revoked + "/revoke",
        new JsonObject().put("reason", "出席記録の訂正（テスト）")).status()).isEqualTo(200);

    JsonArray list = new JsonArray();
    Map<String, Boolean> isRevoked = new HashMap<>();
    Map<String, String> achievement = new HashMap<>();
    List<String> demo = new ArrayList<>();
    Api coord = coordinatorApi;
    Path pngs = Files.createDirectories(Path.of("target", "credentials", "node-check-png"));
    for (Row r : server.sql("SELECT c.id::text AS id, c.jwt, c.achievement, c.revoked_at IS NOT NULL AS revoked, p.email"
        + " FROM credential c JOIN person p ON p.id = c.person_id ORDER BY c.issued_at, c.id")) {
      // The baked badge as its owner downloads it (a coordinator may download any).
      Api.Res png = coord.get("/api/credentials/" + r.getString("id") + "/badge.png");
      assertThat(png.status()).isEqualTo(200);
      Path file = pngs.resolve(r.getString("id") + ".png");
      Files.write(file, png.raw().getBytes());
      list.add(new JsonObject().put("name", r.getString("id")).put("jwt", r.getString("jwt"))
          .put("png", file.toAbsolutePath().toString()));
      isRevoked.put(r.getString("id"), r.getBoolean("revoked"));
      achievement.put(r.getString("id"), r.getString("achievement"));
      if (!r.getString("email").equalsIgnoreCase(natori)) {
        demo.add(r.getString("id"));
      }
    }
    assertThat(list).hasSize((int) demoCount + 2);
    JsonObject out = node(list);

    JsonArray results = out.getJsonArray("results");
    assertThat(results).hasSize(list.size());
    for (Object o : results) {
      JsonObject r = (JsonObject) o;
      String id = r.getString("name");
      assertThat(r.getBoolean("signature")).as(id + ": jose verifies the signature (" + r.getString("error") + ")").isTrue();
      assertThat(r.getString("alg")).isEqualTo("ES256");
      assertThat(r.getBoolean("claimsMirror")).as(id + ": jti, sub, iss and nbf mirror id, subject, issuer, validFrom").isTrue();
      assertThat(r.getBoolean("tamperedRejected")).as(id + ": a changed payload does not verify").isTrue();
      JsonObject published = r.getJsonObject("asPublished");
      assertThat(published.getBoolean("valid")).isFalse();
      assertThat(published.getJsonArray("errors")).as(id + ": against the schema as published, only VC 1.1's issuanceDate is missing")
          .containsExactly(new JsonObject().put("path", "").put("keyword", "required")
              .put("params", new JsonObject().put("missingProperty", "issuanceDate")));
      assertThat(r.getJsonObject("asVc2").getBoolean("valid"))
          .as(id + ": valid against the schema with validFrom for issuanceDate: " + r.getJsonObject("asVc2").getJsonArray("errors"))
          .isTrue();
      JsonObject status = r.getJsonObject("status");
      assertThat(status.getJsonArray("listType").getList()).contains("BitstringStatusListCredential");
      assertThat(status.getString("statusPurpose")).isEqualTo("revocation");
      assertThat(status.getInteger("bits")).isEqualTo(StatusList.SIZE);
      assertThat(status.getBoolean("revoked")).as(id + ": the status list bit").isEqualTo(isRevoked.get(id));
      JsonObject png = r.getJsonObject("png");
      assertThat(png.getInteger("width")).isEqualTo(480);
      assertThat(png.getString("first")).isEqualTo("IHDR");
      assertThat(png.getString("last")).isEqualTo("IEND");
      assertThat(png.getInteger("bakedCount")).as(id + ": one iTXt chunk named openbadgecredential").isEqualTo(1);
      assertThat(png.getBoolean("uncompressed")).isTrue();
      assertThat(png.getBoolean("beforeIend")).isTrue();
      assertThat(png.getBoolean("sameJwt")).as(id + ": the baked text is the credential's VC-JWT").isTrue();
      String name = r.getJsonObject("payload").getJsonObject("credentialSubject").getJsonObject("achievement").getString("name");
      assertThat(name).isEqualTo(OpenBadge.Kind.of(achievement.get(id)).ja);
    }
    assertThat(isRevoked.values()).containsOnlyOnce(true);

    JsonObject first = results.stream().map(o -> (JsonObject) o).filter(r -> r.getString("name").equals(demo.get(0)))
        .findFirst().orElseThrow();
    Files.createDirectories(Path.of("target", "credentials"));
    Files.writeString(Path.of("target", "credentials", "demo-decoded.json"),
        new JsonObject().put("header", first.getJsonObject("header")).put("payload", first.getJsonObject("payload"))
            .put("checks", new JsonObject().put("jose", "signature against the served JWKS, issuer, ES256, typ JWT")
                .put("status", first.getJsonObject("status")).put("ajvAsPublished", first.getJsonObject("asPublished"))
                .put("ajvVc2", first.getJsonObject("asVc2"))).encodePrettily());
  }

  private static JsonObject node(JsonArray list) throws IOException, InterruptedException {
    Path dir = Files.createDirectories(Path.of("target", "credentials"));
    Path input = dir.resolve("node-check-input.json");
    Files.writeString(input, list.encode());
    Path script = Path.of("src", "test", "resources", "ob3", "check-credentials.mjs").toAbsolutePath();
    // Node resolves the script's imports from its own folder upwards: run a copy inside target/e2e-node.
    Path copy = NODE.resolve("check-credentials.mjs");
    Files.copy(script, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    Path outFile = dir.resolve("node-check-output.json");
    Path errFile = dir.resolve("node-check-stderr.txt");
    Process p = new ProcessBuilder("node", copy.toAbsolutePath().toString(), "http://localhost:" + PORT,
        Path.of("src", "test", "resources", "ob3", "ob_v3p0_achievementcredential_schema.json").toAbsolutePath().toString(),
        input.toAbsolutePath().toString())
        .redirectOutput(outFile.toFile()).redirectError(errFile.toFile()).start();
    assertThat(p.waitFor(180, TimeUnit.SECONDS)).as("node finished").isTrue();
    assertThat(p.exitValue()).as(Files.readString(errFile)).isZero();
    return new JsonObject(Files.readString(outFile, StandardCharsets.UTF_8));
  }

  private static boolean onPath(String command) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
      if (Files.isExecutable(Path.of(dir, command))) {
        return true;
      }
    }
    return false;
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
