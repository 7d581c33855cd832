package org.kakehashi.credentials;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Builds and signs an Open Badges 3.0 {@code OpenBadgeCredential} (pure: no I/O). The credential is a
 * W3C VC Data Model 2.0 credential; as a VC-JWT (OB 3.0 §8.2) its members are the JWT payload, with
 * {@code iss}, {@code nbf}, {@code jti} and {@code sub} mirroring issuer, validFrom, id and subject.
 */
public final class OpenBadge {

  public static final String VC_CONTEXT = "https://www.w3.org/ns/credentials/v2";
  public static final String OB_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json";
  public static final String OB_SCHEMA =
      "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json";

  /** The installation as issuer: the profile's URL (its id), name, web site and optional logo. */
  public record Issuer(String base, String name, String url, String logo) {
    String id() {
      return base + "/api/credentials/issuer";
    }

    String statusList(int list) {
      return base + "/api/credentials/status/" + list;
    }
  }

  /**
   * What a credential says about one held session and one participant. {@code cities} are the
   * session's centers' places ("宮城県名取市"), {@code topics} its topics' Japanese labels; {@code cases}
   * the case studies presented (the cases package's submitted cases, "title（center）"), {@code presented}
   * those among them this participant presented.
   */
  public record Session(long sessionId, String roundTitle, OffsetDateTime startsAt, OffsetDateTime endsAt,
                        List<String> cities, List<String> topics, List<String> cases, List<String> presented) {
  }

  /** The kinds of achievement: taking part, and presenting a case study. */
  public enum Kind {
    PARTICIPATION("participation", "合同研修 参加", "Joint training: participation"),
    PRESENTATION("presentation", "事例発表", "Joint training: case study presented");

    public final String code;
    public final String ja;
    public final String en;

    Kind(String code, String ja, String en) {
      this.code = code;
      this.ja = ja;
      this.en = en;
    }

    public static Kind of(String code) {
      for (Kind k : values()) {
        if (k.code.equals(code)) {
          return k;
        }
      }
      return null;
    }
  }

  private OpenBadge() {
  }

  /** A stable subject id for a person at this issuer (no e-mail address or database id inside). */
  static String subjectId(Issuer issuer, long personId) {
    return "urn:uuid:" + UUID.nameUUIDFromBytes((issuer.base() + "/person/" + personId).getBytes(StandardCharsets.UTF_8));
  }

  /** The credential as a JSON-ready map. */
  static Map<String, Object> credential(Issuer issuer, Kind kind, Session s, long personId, String personName,
                                        UUID id, Instant issuedAt, String evidence, int statusIndex) {
    String place = String.join(" × ", s.cities());
    String date = s.startsAt().atZoneSameInstant(java.time.ZoneId.of("Asia/Tokyo")).toLocalDate().toString();

    Map<String, Object> criteria = map("narrative", kind == Kind.PARTICIPATION
        ? "オンライン合同研修（" + s.roundTitle() + "、" + date + "、" + place + "）に参加者として登録し、出席した。"
            + " / Registered for and attended the online joint training session of " + date + " between " + place + "."
        : "合同研修で自分の公民館の事例を発表した。 / Presented a case study of their community center at the joint training session.");
    StringBuilder description = new StringBuilder()
        .append("「").append(s.roundTitle()).append("」").append(date).append(" ").append(place).append("の地域間合同研修");
    if (!s.topics().isEmpty()) {
      description.append("。テーマ: ").append(String.join("、", s.topics()));
    }
    if (!s.cases().isEmpty()) {
      description.append("。発表された事例: ").append(String.join("、", s.cases()));
    }
    Map<String, Object> achievement = map(
        "id", "urn:uuid:" + UUID.nameUUIDFromBytes((issuer.base() + "/session/" + s.sessionId() + "/" + kind.code)
            .getBytes(StandardCharsets.UTF_8)),
        "type", List.of("Achievement"),
        "name", kind.ja,
        "description", description.toString(),
        "criteria", criteria);
    List<String> tags = new ArrayList<>(s.topics());
    tags.addAll(s.cities());
    if (!tags.isEmpty()) {
      achievement.put("tag", tags);
    }
    achievement.put("creator", profile(issuer));

    Map<String, Object> subject = map(
        "id", subjectId(issuer, personId),
        "type", List.of("AchievementSubject"),
        "activityStartDate", iso(s.startsAt().toInstant()),
        "activityEndDate", iso(s.endsAt().toInstant()),
        "identifier", List.of(map("type", "IdentityObject", "identityHash", personName, "identityType", "name",
            "hashed", false)),
        "achievement", achievement);

    Map<String, Object> vc = map(
        "@context", List.of(VC_CONTEXT, OB_CONTEXT),
        "id", "urn:uuid:" + id,
        "type", List.of("VerifiableCredential", "OpenBadgeCredential"),
        "name", kind.ja + "：" + place + "（" + date + "）",
        "description", description.toString(),
        "issuer", profile(issuer),
        "validFrom", iso(issuedAt),
        "credentialSubject", subject);
    List<Object> evidences = new ArrayList<>();
    if (kind == Kind.PRESENTATION) {
      // Which case this person presented: evidence of this credential (the Achievement is the session's, shared).
      for (String presented : s.presented()) {
        evidences.add(map("type", List.of("Evidence"), "name", "発表した事例 / Case study presented", "narrative", presented));
      }
    }
    if (evidence != null && !evidence.isBlank()) {
      evidences.add(map("type", List.of("Evidence"), "name", "やってみること / What I will try", "narrative", evidence));
    }
    if (!evidences.isEmpty()) {
      vc.put("evidence", evidences);
    }
    int list = StatusList.list(statusIndex);
    vc.put("credentialStatus", map(
        "id", issuer.statusList(list) + "#" + StatusList.position(statusIndex),
        "type", "BitstringStatusListEntry",
        "statusPurpose", "revocation",
        "statusListIndex", String.valueOf(StatusList.position(statusIndex)),
        "statusListCredential", issuer.statusList(list)));
    vc.put("credentialSchema", List.of(map("id", OB_SCHEMA, "type", "1EdTechJsonSchemaValidator2019")));
    return vc;
  }

  /** The issuer's OB 3.0 {@code Profile}. */
  static Map<String, Object> profile(Issuer issuer) {
    Map<String, Object> p = map("id", issuer.id(), "type", List.of("Profile"), "name", issuer.name(), "url", issuer.url());
    if (issuer.logo() != null && !issuer.logo().isBlank()) {
      p.put("image", map("id", issuer.logo(), "type", "Image"));
    }
    return p;
  }

  /** The Bitstring Status List credential for one list. */
  static Map<String, Object> statusListCredential(Issuer issuer, int list, String encoded, Instant now) {
    return map(
        "@context", List.of(VC_CONTEXT),
        "id", issuer.statusList(list),
        "type", List.of("VerifiableCredential", "BitstringStatusListCredential"),
        "issuer", issuer.id(),
        "validFrom", iso(now),
        "credentialSubject", map("id", issuer.statusList(list) + "#list", "type", "BitstringStatusList",
            "statusPurpose", "revocation", "encodedList", encoded));
  }

  /** Signs a credential (a map as built above) as a VC-JWT with ES256. */
  static String sign(Map<String, Object> credential, ECKey key) {
    JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder();
    credential.forEach(claims::claim);
    Object issuer = credential.get("issuer");
    claims.issuer(issuer instanceof Map<?, ?> m ? String.valueOf(m.get("id")) : String.valueOf(issuer));
    claims.notBeforeTime(Date.from(Instant.parse(String.valueOf(credential.get("validFrom")))));
    if (credential.get("validUntil") != null) {
      claims.expirationTime(Date.from(Instant.parse(String.valueOf(credential.get("validUntil")))));
    }
    claims.jwtID(String.valueOf(credential.get("id")));
    if (credential.get("credentialSubject") instanceof Map<?, ?> subject && subject.get("id") != null) {
      claims.subject(String.valueOf(subject.get("id")));
    }
    try {
      SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).type(JOSEObjectType.JWT)
          .keyID(key.getKeyID()).jwk(key.toPublicJWK()).build(), claims.build());
      jwt.sign(new ECDSASigner(key));
      return jwt.serialize();
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot sign the credential", e);
    }
  }

  static String iso(Instant t) {
    return DateTimeFormatter.ISO_INSTANT.format(t.truncatedTo(ChronoUnit.SECONDS).atOffset(ZoneOffset.UTC));
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }
}
