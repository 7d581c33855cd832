package org.kakehashi.credentials;

import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.kakehashi.support.Api;
import org.kakehashi.support.Fixtures;
import org.kakehashi.support.TestServer;

import javax.imageio.ImageIO;
import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Open Badges 3.0 credentials through the API against a real database: offers after a held session,
 * accepting (signed VC-JWT, checked here with nimbus against the served JWKS), the baked PNG, the
 * public verification page, hiding, revocation with the status list, the coordinator's counts and
 * CSV, absences, presenters, and every refusal leaving the database as it was. The JWTs it issues are
 * written to {@code target/credentials/} to look at; the independent check by other implementations
 * (npm jose, ajv, pngjs) runs against a server of its own in CredentialNodeCheckTest (profile e2e).
 */
class CredentialsTest {

  static final String KEY = "test-credentials-key-0123456789abcdef";

  @RegisterExtension
  // A longer connect timeout than the suite's 1 s: on a shared, loaded machine the first connections are slow.
  static TestServer server = new TestServer(json -> json.put("credentials", new JsonObject().put("key", KEY)
      .put("issuerName", "NPO法人 かけはし").put("issuerUrl", "https://kakehashi.example").put("issuerLogo", "https://kakehashi.example/logo.png"))
      .getJsonObject("database").put("connectTimeoutMillis", 15_000));
  static final Fixtures fixtures = new Fixtures(server);

  static final String PW = "credential-password";
  static final String TOPICS = "[{\"key\":\"youth\",\"ja\":\"若者の参加\",\"en\":\"Youth\"},"
      + "{\"key\":\"disaster\",\"ja\":\"防災\",\"en\":\"Disaster preparedness\"}]";

  static long natori;
  static long matsue;
  static long round;
  static long session;
  static long upcoming;
  static long facilitator;
  static long alice;
  static long bob;
  static long carol;
  static long absentee;

  @BeforeAll
  static void seed() {
    natori = server.sql("INSERT INTO center (code, name, city, prefecture) VALUES ('natori-c', '名取市生涯学習センター', '名取市', '宮城県')"
        + " RETURNING id").iterator().next().getLong("id");
    matsue = server.sql("INSERT INTO center (code, name, city, prefecture) VALUES ('matsue-c', '=松江市公民館', '松江市', '島根県')"
        + " RETURNING id").iterator().next().getLong("id");
    long kobe = server.sql("INSERT INTO center (code, name, city, prefecture) VALUES ('kobe-c', '神戸市公民館', '神戸市', '兵庫県')"
        + " RETURNING id").iterator().next().getLong("id");
    server.person("coord@example.jp", null, PW, "coordinator");
    facilitator = server.person("fac@example.jp", null, PW, "facilitator");
    server.person("otherfac@example.jp", null, PW, "facilitator");
    alice = server.person("alice@example.jp", natori, PW);
    bob = server.person("bob@example.jp", matsue, PW);
    carol = server.person("carol@example.jp", natori, PW);
    absentee = server.person("absent@example.jp", matsue, PW);
    server.person("stranger@example.jp", kobe, PW);
    server.sql("UPDATE person SET name = '佐藤 花子' WHERE id = $1", alice);
    server.sql("UPDATE person SET name = '=HYPERLINK(\"x\")' WHERE id = $1", bob);
    round = fixtures.round("冬の合同研修").dates("2026-01-01", "2026-12-31").status("running").topics(TOPICS)
        .prompt("try", "やってみること", "What I will try").centers(natori, matsue, kobe).create();
    session = session(round, true);
    long spring = fixtures.round("春の合同研修").dates("2026-01-01", "2026-12-31").status("running").centers(natori, matsue).create();
    upcoming = session(spring, false);
    for (long p : new long[] {alice, bob, carol, absentee}) {
      assertThat(fixtures.register(session, p, "youth").status()).isEqualTo("confirmed");
    }
    assertThat(fixtures.register(upcoming, alice, "youth").status()).isEqualTo("confirmed");
    fixtures.room(session, "disaster", "ルーム1");
    server.sql("INSERT INTO reflection (session_id, person_id, answers, visibility, quote_as) VALUES ($1, $2, $3, 'facilitators', 'name')",
        session, alice, new JsonObject().put("try", "子ども食堂と防災訓練を一緒に開いてみます。"));
    // Cases (package cases): Matsue's submitted case names bob as presenter; Natori's is a draft naming alice.
    server.sql("INSERT INTO case_study (session_id, center_id, title, summary, presenters, status, submitted_at)"
        + " VALUES ($1, $2, '子ども食堂と防災訓練', '地域の食堂で避難訓練を', $3, 'submitted', now())", session, matsue, new Long[] {bob});
    server.sql("INSERT INTO case_study (session_id, center_id, title, summary, presenters) VALUES ($1, $2, '下書きの事例', '', $3)",
        session, natori, new Long[] {alice});
  }

  static long session(long round, boolean held) {
    var session = fixtures.session(round, fixtures.pair(round, natori, matsue)).facilitator(facilitator);
    return (held ? session.inMinutes(-180, 60).held() : session.inMinutes(3 * 24 * 60L, 120)).create();
  }

  static Api as(String who) {
    return server.signedIn(who + "@example.jp", PW);
  }

  static synchronized JsonObject accepted(String who, boolean evidence) {
    Api.Res res = as(who).post("/api/sessions/" + session + "/credentials",
        new JsonObject().put("achievement", "participation").put("withEvidence", evidence));
    assertThat(res.status()).as(res.toString()).isIn(200, 201);
    return res.json();
  }

  static String jwtOf(String id) {
    return server.sql("SELECT jwt FROM credential WHERE id = $1::uuid", id).iterator().next().getString("jwt");
  }

  static void keep(String name, String jwt) throws Exception {
    Path dir = Path.of("target", "credentials");
    Files.createDirectories(dir);
    Files.writeString(dir.resolve(name + ".jwt"), jwt);
  }

  @Test
  @DisplayName("the issuer's key was made at start, is stored encrypted, and its public half is served as JWKS and in the profile")
  void issuerKeyAndProfile() throws Exception {
    var row = server.sql("SELECT kid, private_jwk, encrypted FROM credential_key").iterator().next();
    assertThat(row.getBoolean("encrypted")).isTrue();
    assertThat(row.getString("private_jwk")).doesNotContain("\"d\"").startsWith("eyJ");
    Api anyone = server.api();
    Api.Res jwks = anyone.get("/api/credentials/jwks.json");
    assertThat(jwks.status()).isEqualTo(200);
    JWKSet set = JWKSet.parse(jwks.text());
    assertThat(set.getKeys()).hasSize(1);
    assertThat(set.getKeys().get(0).isPrivate()).isFalse();
    assertThat(set.getKeys().get(0).getKeyID()).isEqualTo(row.getString("kid"));
    JsonObject profile = anyone.get("/api/credentials/issuer").json();
    assertThat(profile.getJsonArray("type").getList()).containsExactly("Profile");
    assertThat(profile.getString("name")).isEqualTo("NPO法人 かけはし");
    assertThat(profile.getString("url")).isEqualTo("https://kakehashi.example");
    assertThat(profile.getJsonObject("image").getString("id")).isEqualTo("https://kakehashi.example/logo.png");
    assertThat(profile.getJsonArray("publicKey").getJsonObject(0).getString("kid")).isEqualTo(row.getString("kid"));
    assertThat(profile.getJsonArray("publicKey").getJsonObject(0).containsKey("d")).isFalse();
  }

  @Test
  @DisplayName("a participant of a held session is offered 合同研修 参加; accepting signs an OpenBadgeCredential as VC-JWT")
  void acceptAndVerify() throws Exception {
    JsonObject mine = as("alice").get("/api/me/credentials").json();
    JsonArray offers = mine.getJsonArray("offers");
    assertThat(offers).hasSize(1); // the upcoming session offers nothing yet
    JsonObject offer = offers.getJsonObject(0);
    assertThat(offer.getLong("sessionId")).isEqualTo(session);
    assertThat(offer.getJsonArray("cities").getList()).containsExactly("宮城県名取市", "島根県松江市");
    assertThat(offer.getJsonArray("topics").getList()).containsExactly("防災");
    assertThat(offer.getString("tryAnswer")).startsWith("子ども食堂");

    JsonObject c = accepted("alice", true);
    String jwt = jwtOf(c.getString("id"));
    keep("alice", jwt);
    assertThat(accepted("alice", true).getString("id")).as("accepting again answers the same credential").isEqualTo(c.getString("id"));
    assertThat(server.sql("SELECT count(*) AS n FROM credential WHERE person_id = $1", alice).iterator().next().getLong("n")).isEqualTo(1);

    SignedJWT signed = SignedJWT.parse(jwt);
    JWKSet keys = JWKSet.parse(server.api().get("/api/credentials/jwks.json").text());
    ECKey key = (ECKey) keys.getKeyByKeyId(signed.getHeader().getKeyID());
    assertThat(signed.verify(new ECDSAVerifier(key))).isTrue();
    assertThat(signed.getHeader().getAlgorithm().getName()).isEqualTo("ES256");
    Map<String, Object> vc = signed.getJWTClaimsSet().toJSONObject();
    JsonObject v = new JsonObject(vc);
    assertThat(v.getJsonArray("@context").getList()).containsExactly("https://www.w3.org/ns/credentials/v2",
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json");
    assertThat(v.getJsonArray("type").getList()).containsExactly("VerifiableCredential", "OpenBadgeCredential");
    assertThat(v.getString("id")).isEqualTo("urn:uuid:" + c.getString("id")).isEqualTo(v.getString("jti"));
    assertThat(v.getJsonObject("issuer").getJsonArray("type").getList()).containsExactly("Profile");
    assertThat(v.getString("iss")).isEqualTo(v.getJsonObject("issuer").getString("id"));
    assertThat(v.getString("validFrom")).endsWith("Z");
    JsonObject subject = v.getJsonObject("credentialSubject");
    assertThat(subject.getJsonArray("type").getList()).containsExactly("AchievementSubject");
    assertThat(subject.getString("id")).startsWith("urn:uuid:").isEqualTo(v.getString("sub"));
    assertThat(subject.getJsonArray("identifier").getJsonObject(0).getString("identityHash")).isEqualTo("佐藤 花子");
    JsonObject achievement = subject.getJsonObject("achievement");
    assertThat(achievement.getString("name")).isEqualTo("合同研修 参加");
    assertThat(achievement.getJsonObject("criteria").getString("narrative")).contains("名取市").contains("松江市");
    assertThat(achievement.getJsonArray("tag").getList()).contains("防災", "宮城県名取市", "島根県松江市");
    assertThat(v.getJsonArray("evidence").getJsonObject(0).getString("narrative")).isEqualTo("子ども食堂と防災訓練を一緒に開いてみます。");
    JsonObject status = v.getJsonObject("credentialStatus");
    assertThat(status.getString("type")).isEqualTo("BitstringStatusListEntry");
    assertThat(status.getString("statusPurpose")).isEqualTo("revocation");
    assertThat(status.getString("statusListCredential")).endsWith("/api/credentials/status/1");
    assertThat(v.getString("email")).isNull();
    assertThat(jwt).doesNotContain("alice@example.jp");

    // Downloads: the JWT itself, and a PNG that ImageIO reads with the same JWT baked in.
    Api.Res file = as("alice").get("/api/credentials/" + c.getString("id") + "/credential.jwt");
    assertThat(file.status()).isEqualTo(200);
    assertThat(file.text()).isEqualTo(jwt);
    Api.Res png = as("alice").get("/api/credentials/" + c.getString("id") + "/badge.png");
    assertThat(png.status()).isEqualTo(200);
    assertThat(png.headers().get("Content-Type")).isEqualTo("image/png");
    byte[] bytes = png.raw().getBytes();
    assertThat(ImageIO.read(new ByteArrayInputStream(bytes))).isNotNull();
    assertThat(BadgePng.unbake(bytes)).isEqualTo(jwt);
    Files.write(Path.of("target", "credentials", "alice.png"), bytes);
    assertThat(as("carol").get("/api/credentials/" + c.getString("id") + "/badge.png").status()).isEqualTo(404);
    assertThat(server.api().get("/api/credentials/" + c.getString("id") + "/credential.jwt").status()).isEqualTo(401);

    // The public page's answer, without sign-in, and the same token presented for checking.
    JsonObject check = server.api().get("/api/credentials/" + c.getString("id") + "/verification").json();
    assertThat(check.getString("state")).isEqualTo("valid");
    assertThat(check.getJsonArray("checks").stream().map(o -> ((JsonObject) o).getBoolean("ok")).toList()).containsOnly(true);
    assertThat(check.getJsonObject("credential").getString("recipient")).isEqualTo("佐藤 花子");
    Api.Res presented = server.api().post("/api/credentials/verify", new JsonObject().put("jwt", jwt));
    assertThat(presented.status()).isEqualTo(200);
    assertThat(presented.json().getString("state")).isEqualTo("valid");
  }

  @Test
  @DisplayName("a presenter of a submitted case is offered 事例発表 too; the credentials name the cases presented")
  void presenter() throws Exception {
    JsonObject offer = as("bob").get("/api/me/credentials").json().getJsonArray("offers").getJsonObject(0);
    assertThat(offer.getJsonArray("cases").getList()).containsExactly("子ども食堂と防災訓練（=松江市公民館）");
    assertThat(offer.getJsonArray("achievements").stream().map(o -> ((JsonObject) o).getString("achievement")).toList())
        .containsExactly("participation", "presentation");
    JsonObject others = as("alice").get("/api/me/credentials").json().getJsonArray("offers").getJsonObject(0);
    assertThat(others.getJsonArray("achievements").stream().map(o -> ((JsonObject) o).getString("achievement")).toList())
        .as("a draft case's presenter presented nothing yet").containsExactly("participation");
    long before = server.count("credential");
    assertThat(as("carol").post("/api/sessions/" + session + "/credentials", new JsonObject().put("achievement", "presentation"))
        .errorCode()).isEqualTo("not_offered");
    assertThat(server.count("credential")).isEqualTo(before);

    Api.Res res = as("bob").post("/api/sessions/" + session + "/credentials", new JsonObject().put("achievement", "presentation"));
    assertThat(res.status()).as(res.toString()).isIn(200, 201);
    String jwt = jwtOf(res.json().getString("id"));
    keep("bob-presentation", jwt);
    JsonObject v = SignedJWTs.claimsJson(jwt);
    JsonObject achievement = v.getJsonObject("credentialSubject").getJsonObject("achievement");
    assertThat(achievement.getString("name")).isEqualTo("事例発表");
    assertThat(achievement.getString("description")).contains("発表された事例: 子ども食堂と防災訓練（=松江市公民館）");
    assertThat(achievement.getJsonObject("criteria").getString("narrative")).contains("事例を発表");
    assertThat(v.getJsonArray("evidence").getJsonObject(0).getString("narrative")).as("which case bob presented")
        .isEqualTo("子ども食堂と防災訓練（=松江市公民館）");
    JsonObject participation = SignedJWTs.claimsJson(jwtOf(accepted("bob", false).getString("id")));
    assertThat(participation.getJsonObject("credentialSubject").getJsonObject("achievement").getString("description"))
        .as("the participation credential names the cases presented too").contains("子ども食堂と防災訓練");
    assertThat(achievement.getString("id"))
        .isNotEqualTo(participation.getJsonObject("credentialSubject").getJsonObject("achievement").getString("id"));
    assertThat(BadgePng.unbake(as("bob").get("/api/credentials/" + res.json().getString("id") + "/badge.png").raw().getBytes()))
        .isEqualTo(jwt);
    JsonObject page = server.api().get("/api/credentials/" + res.json().getString("id") + "/verification").json();
    assertThat(page.getString("state")).isEqualTo("valid");
    assertThat(page.getJsonObject("credential").getString("achievementCode")).isEqualTo("presentation");
  }

  @Test
  @DisplayName("a hidden credential's page says only whether it is valid, without a name")
  void hidden() {
    JsonObject c = accepted("carol", false);
    assertThat(as("bob").patch("/api/credentials/" + c.getString("id"), new JsonObject().put("published", false)).status())
        .as("someone else cannot hide it").isEqualTo(404);
    Api.Res hide = as("carol").patch("/api/credentials/" + c.getString("id"), new JsonObject().put("published", false));
    assertThat(hide.status()).isEqualTo(200);
    assertThat(hide.json().getBoolean("published")).isFalse();
    Api.Res page = server.api().get("/api/credentials/" + c.getString("id") + "/verification");
    assertThat(page.json().getString("state")).isEqualTo("valid");
    assertThat(page.json().containsKey("credential")).isFalse();
    assertThat(page.text()).doesNotContain("テスト carol");
    assertThat(SignedJWTs.claims(jwtOf(c.getString("id"))).containsKey("evidence")).as("no evidence unless chosen").isFalse();
    as("carol").patch("/api/credentials/" + c.getString("id"), new JsonObject().put("published", true));
  }

  @Test
  @DisplayName("the coordinator revokes with a reason: the status list bit is set and the page says revoked")
  void revoke() throws Exception {
    JsonObject c = accepted("bob", false);
    keep("bob", jwtOf(c.getString("id")));
    String id = c.getString("id");
    // A stranger, a participant and a facilitator cannot revoke; nothing changes.
    for (String who : List.of("stranger", "bob", "fac")) {
      Api.Res res = as(who).post("/api/credentials/" + id + "/revoke", new JsonObject().put("reason", "x"));
      assertThat(res.status()).as(who).isEqualTo(403);
    }
    assertThat(as("coord").post("/api/credentials/" + id + "/revoke", new JsonObject().put("reason", " ")).status()).isEqualTo(422);
    assertThat(server.sql("SELECT revoked_at FROM credential WHERE id = $1::uuid", id).iterator().next().getValue("revoked_at")).isNull();

    Api.Res revoked = as("coord").post("/api/credentials/" + id + "/revoke", new JsonObject().put("reason", "出席の記録に誤りがあったため"));
    assertThat(revoked.status()).as(revoked.toString()).isEqualTo(200);
    assertThat(revoked.json().getString("revokeReason")).isEqualTo("出席の記録に誤りがあったため");
    assertThat(as("coord").post("/api/credentials/" + id + "/revoke", new JsonObject().put("reason", "again")).status()).isEqualTo(409);

    JsonObject page = server.api().get("/api/credentials/" + id + "/verification").json();
    assertThat(page.getString("state")).isEqualTo("revoked");
    assertThat(server.api().post("/api/credentials/verify", new JsonObject().put("jwt", jwtOf(id))).json().getString("state"))
        .isEqualTo("revoked");

    // The served status list is a signed BitstringStatusListCredential with this credential's bit set.
    Api.Res list = server.api().get("/api/credentials/status/1");
    assertThat(list.headers().get("Content-Type")).isEqualTo("application/vc+jwt");
    SignedJWT statusJwt = SignedJWT.parse(list.text());
    JWKSet keys = JWKSet.parse(server.api().get("/api/credentials/jwks.json").text());
    assertThat(statusJwt.verify(new ECDSAVerifier((ECKey) keys.getKeyByKeyId(statusJwt.getHeader().getKeyID())))).isTrue();
    JsonObject subject = new JsonObject(statusJwt.getJWTClaimsSet().toJSONObject()).getJsonObject("credentialSubject");
    assertThat(subject.getString("type")).isEqualTo("BitstringStatusList");
    int position = Integer.parseInt(SignedJWTs.claimsJson(jwtOf(id)).getJsonObject("credentialStatus").getString("statusListIndex"));
    assertThat(StatusList.isSet(subject.getString("encodedList"), position)).isTrue();
    keep("bob-status-list", list.text());
  }

  @Test
  @DisplayName("tampered, foreign and garbled tokens and unknown ids get clear answers and change nothing")
  void badInput() throws Exception {
    JsonObject c = accepted("alice", true);
    String jwt = jwtOf(c.getString("id"));
    String[] parts = jwt.split("\\.");
    String payload = new String(java.util.Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
        .replace("佐藤 花子", "山田 太郎");
    String tampered = parts[0] + "." + java.util.Base64.getUrlEncoder().withoutPadding()
        .encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
    long before = server.count("credential");
    Api anyone = server.api();
    anyone.get("/api/credentials/jwks.json"); // the XSRF cookie
    Api.Res res = anyone.post("/api/credentials/verify", new JsonObject().put("jwt", tampered));
    assertThat(res.status()).isEqualTo(422);
    assertThat(res.errorCode()).isEqualTo("signature_invalid");
    assertThat(anyone.post("/api/credentials/verify", new JsonObject().put("jwt", "not.a.jwt")).errorCode()).isEqualTo("malformed_jwt");
    assertThat(anyone.post("/api/credentials/verify", new JsonObject().put("jwt", "")).status()).isEqualTo(422);
    // Signed by a key that is not the issuer's.
    String foreign = OpenBadge.sign(SignedJWTs.claims(jwt), IssuerKeys.generate());
    assertThat(anyone.post("/api/credentials/verify", new JsonObject().put("jwt", foreign)).errorCode()).isEqualTo("unknown_key");
    assertThat(anyone.get("/api/credentials/00000000-0000-0000-0000-000000000000/verification").status()).isEqualTo(404);
    assertThat(anyone.get("/api/credentials/nonsense/verification").status()).isEqualTo(404);
    assertThat(anyone.get("/api/credentials/status/0").status()).isEqualTo(404);
    // Strangers cannot accept: not a participant, a session not held, no such session.
    assertThat(as("stranger").post("/api/sessions/" + session + "/credentials", new JsonObject()).errorCode()).isEqualTo("not_offered");
    assertThat(as("alice").post("/api/sessions/" + upcoming + "/credentials", new JsonObject()).errorCode()).isEqualTo("not_offered");
    assertThat(as("alice").post("/api/sessions/999999/credentials", new JsonObject()).status()).isEqualTo(404);
    assertThat(as("alice").post("/api/sessions/" + session + "/credentials", new JsonObject().put("achievement", "gold")).status())
        .isEqualTo(422);
    assertThat(as("alice").post("/api/sessions/" + session + "/credentials", new JsonObject().put("achievement", "presentation"))
        .errorCode()).isEqualTo("not_offered");
    assertThat(as("bob").post("/api/sessions/" + session + "/credentials", new JsonObject().put("withEvidence", true)).errorCode())
        .isIn("no_evidence");
    assertThat(as("alice").post("/api/sessions/" + session + "/credentials", new JsonObject().put("withEvidence", "yes")).status())
        .isEqualTo(400);
    assertThat(server.count("credential")).isEqualTo(before);
  }

  @Test
  @DisplayName("the facilitator marks someone absent: no offer for them; another facilitator cannot")
  void absence() {
    Api.Res other = as("otherfac").put("/api/sessions/" + session + "/absences/" + absentee, new JsonObject().put("absent", true));
    assertThat(other.status()).isEqualTo(403);
    assertThat(as("absent").get("/api/me/credentials").json().getJsonArray("offers")).hasSize(1);
    Api.Res mark = as("fac").put("/api/sessions/" + session + "/absences/" + absentee, new JsonObject().put("absent", true));
    assertThat(mark.status()).as(mark.toString()).isEqualTo(200);
    assertThat(mark.json().getJsonArray("absent").stream().map(n -> ((Number) n).longValue()).toList()).containsExactly(absentee);
    assertThat(as("absent").get("/api/me/credentials").json().getJsonArray("offers")).isEmpty();
    assertThat(as("absent").post("/api/sessions/" + session + "/credentials", new JsonObject()).errorCode()).isEqualTo("not_offered");
    assertThat(as("fac").put("/api/sessions/" + session + "/absences/999999", new JsonObject().put("absent", true)).status())
        .isEqualTo(404);
    JsonObject list = as("fac").get("/api/sessions/" + session + "/absences").json();
    assertThat(list.getJsonArray("absent").stream().map(n -> ((Number) n).longValue()).toList()).containsExactly(absentee);
    // The list is every confirmed participant, whether or not rooms were assigned, with who is absent.
    assertThat(list.getJsonArray("participants").stream().map(o -> (JsonObject) o)
        .collect(java.util.stream.Collectors.toMap(p -> p.getLong("personId"), p -> p.getBoolean("absent"))))
        .isEqualTo(Map.of(alice, false, bob, false, carol, false, absentee, true));
    assertThat(as("absent").get("/api/sessions/" + session + "/absences").status()).as("participants do not see the list").isEqualTo(403);
    // Marked present again: offered again.
    as("fac").put("/api/sessions/" + session + "/absences/" + absentee, new JsonObject().put("absent", false));
    assertThat(as("absent").get("/api/me/credentials").json().getJsonArray("offers")).hasSize(1);
    as("fac").put("/api/sessions/" + session + "/absences/" + absentee, new JsonObject().put("absent", true));
    assertThat(as("absent").get("/api/me/credentials").json().getJsonArray("offers")).isEmpty();
  }

  @Test
  @DisplayName("coordinators see counts per round and export the round's list as CSV for the municipality")
  void countsAndCsv() throws Exception {
    accepted("alice", true);
    accepted("bob", false);
    assertThat(as("alice").get("/api/credentials/rounds").status()).isEqualTo(403);
    assertThat(as("alice").get("/api/rounds/" + round + "/credentials.csv").status()).isEqualTo(403);
    JsonObject counts = as("coord").get("/api/credentials/rounds").json();
    JsonObject mine = counts.getJsonArray("rounds").stream().map(o -> (JsonObject) o)
        .filter(r -> r.getLong("roundId") == round).findFirst().orElseThrow();
    assertThat(mine.getLong("heldSessions")).isEqualTo(1);
    assertThat(mine.getLong("issued")).isGreaterThanOrEqualTo(2);
    Api.Res csv = as("coord").get("/api/rounds/" + round + "/credentials.csv");
    assertThat(csv.status()).isEqualTo(200);
    byte[] bytes = csv.raw().getBytes();
    assertThat(bytes[0]).isEqualTo((byte) 0xEF);
    List<CSVRecord> rows = CSVFormat.EXCEL.builder().setHeader().setSkipHeaderRecord(true).get()
        .parse(new StringReader(new String(bytes, 3, bytes.length - 3, StandardCharsets.UTF_8))).getRecords();
    assertThat(rows).extracting(r -> r.get("氏名")).contains("佐藤 花子", "'=HYPERLINK(\"x\")");
    assertThat(rows).extracting(r -> r.get("センター")).contains("'=松江市公民館");
    assertThat(rows).extracting(r -> r.get("種類")).contains("合同研修 参加").isSubsetOf("合同研修 参加", "事例発表");
    assertThat(as("coord").get("/api/rounds/999999/credentials").status()).isEqualTo(404);
  }
}
