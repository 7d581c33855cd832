package org.kakehashi.credentials;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import org.kakehashi.platform.ApiError;
import org.kakehashi.platform.Config;
import org.kakehashi.platform.Json;
import org.kakehashi.platform.Params;
import org.kakehashi.platform.Principal;
import org.kakehashi.platform.Reply;
import org.kakehashi.platform.Role;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/**
 * HTTP of Open Badges 3.0 credentials (README "Credentials"): the public issuer profile, JWKS, status
 * list and verification; a participant's offers, accepting, downloads and publish/hide; coordinators'
 * counts, lists, CSV and revocation; the facilitator's absences.
 */
public final class CredentialRoutes {

  private final Vertx vertx;
  private final Pool pool;
  private final Config config;
  private final OpenBadge.Issuer issuer;

  record Accept(String achievement, Boolean withEvidence) {
  }

  record Publish(Boolean published) {
  }

  record Revoke(String reason) {
  }

  record Absence(Boolean absent) {
  }

  record Presented(String jwt) {
  }

  public CredentialRoutes(Vertx vertx, Pool pool, Config config) {
    this.vertx = vertx;
    this.pool = pool;
    this.config = config;
    this.issuer = Issuance.issuer(config);
  }

  public void mount(Router api) {
    api.get("/credentials/issuer").handler(Reply.json(this::profile));
    api.get("/credentials/jwks.json").handler(Reply.json(ctx -> IssuerKeys.publicKeys(pool).map(JWKSet::toJSONObject)));
    api.get("/credentials/status/:list").handler(this::statusList);
    api.get("/credentials/rounds").handler(Reply.json(this::roundCounts));
    api.post("/credentials/verify").handler(Reply.json(this::verifyPresented));
    api.get("/credentials/:credentialId/verification").handler(Reply.json(this::verification));
    api.get("/credentials/:credentialId/credential.jwt").handler(ctx -> download(ctx, c -> Buffer.buffer(c.jwt()),
        "application/vc+jwt", ".jwt"));
    api.get("/credentials/:credentialId/badge.png").handler(this::badge);
    api.patch("/credentials/:credentialId").handler(Reply.json(this::publish));
    api.post("/credentials/:credentialId/revoke").handler(Reply.json(this::revoke));
    api.get("/me/credentials").handler(Reply.json(this::mine));
    api.post("/sessions/:sessionId/credentials").handler(Reply.json(this::accept));
    api.get("/sessions/:sessionId/absences").handler(Reply.json(this::absences));
    api.put("/sessions/:sessionId/absences/:personId").handler(Reply.json(this::markAbsence));
    api.get("/rounds/:roundId/credentials").handler(Reply.json(this::ofRound));
    api.get("/rounds/:roundId/credentials.csv").handler(this::csv);
  }

  // --- public ---------------------------------------------------------------------------------

  private Future<?> profile(RoutingContext ctx) {
    return IssuerKeys.publicKeys(pool).map(keys -> new JsonObject(OpenBadge.profile(issuer))
        .put("@context", new JsonArray().add(OpenBadge.VC_CONTEXT).add(OpenBadge.OB_CONTEXT))
        .put("jwks", issuer.base() + "/api/credentials/jwks.json")
        .put("publicKey", new JsonArray(keys.toPublicJWKSet().getKeys().stream().map(k -> (Object) k.toJSONObject()).toList())));
  }

  private void statusList(RoutingContext ctx) {
    int list;
    try {
      list = Integer.parseInt(ctx.pathParam("list"));
      if (list < 1 || list > 10_000) {
        throw new NumberFormatException();
      }
    } catch (NumberFormatException e) {
      ctx.fail(ApiError.notFound("This status list"));
      return;
    }
    CredentialStore.revoked(pool, list)
        .compose(bits -> IssuerKeys.signing(vertx, pool, config.credentials()).compose(key -> vertx.executeBlocking(
            () -> OpenBadge.sign(OpenBadge.statusListCredential(issuer, list, StatusList.encode(bits), Instant.now()), key), false)))
        .onSuccess(jwt -> ctx.response().putHeader("Content-Type", "application/vc+jwt")
            .putHeader("Cache-Control", "no-cache").end(jwt))
        .onFailure(ctx::fail);
  }

  /** The public verification of a stored credential; a hidden one says only whether it is valid. */
  private Future<?> verification(RoutingContext ctx) {
    UUID id = credentialId(ctx);
    return CredentialStore.byId(pool, id).compose(c -> {
      if (c == null) {
        throw ApiError.notFound("This credential");
      }
      return check(c.jwt()).map(result -> {
        JsonObject out = new JsonObject().put("id", c.id().toString()).put("state", result.state())
            .put("checks", checks(result)).put("published", c.published())
            .put("issuer", new JsonObject().put("name", issuer.name()).put("url", issuer.url()));
        if (c.published() && result.authentic()) {
          out.put("credential", summary(result.claims(), c));
        }
        return out;
      });
    });
  }

  /** Any VC-JWT presented for checking (a downloaded file, the text of a baked PNG). */
  private Future<?> verifyPresented(RoutingContext ctx) {
    Presented in = Json.body(ctx, Presented.class);
    if (in.jwt() == null || in.jwt().isBlank() || in.jwt().length() > 200_000) {
      throw ApiError.invalid("jwt", "Paste the credential (a VC-JWT).");
    }
    return check(in.jwt()).map(result -> {
      switch (result.state()) {
        case "malformed" -> throw ApiError.badRequest("malformed_jwt", "This is not a VC-JWT.", "jwt");
        case "unknown_key" -> throw new ApiError(422, "unknown_key", "This credential was not signed by a key of this issuer.", "jwt", null);
        case "signature_invalid" -> throw new ApiError(422, "signature_invalid",
            "The signature does not match: the credential was changed after it was issued.", "jwt", null);
        case "not_ours" -> throw new ApiError(422, "not_ours", "This is not an Open Badges credential of this issuer.", "jwt", null);
        default -> {
          return new JsonObject().put("state", result.state()).put("checks", checks(result))
              .put("credential", new JsonObject().put("id", result.claims().get("id")).put("name", result.claims().get("name")));
        }
      }
    });
  }

  private Future<Verification.Result> check(String jwt) {
    int list = 1;
    try {
      Object status = SignedJWT.parse(jwt.strip()).getJWTClaimsSet().getClaim("credentialStatus");
      if (status instanceof Map<?, ?> m && m.get("statusListCredential") != null) {
        String url = String.valueOf(m.get("statusListCredential"));
        list = Math.max(1, Math.min(10_000, Integer.parseInt(url.substring(url.lastIndexOf('/') + 1))));
      }
    } catch (java.text.ParseException | RuntimeException e) {
      // which list to read is only a hint: the signature check below rejects such a token
    }
    int statusList = list;
    return IssuerKeys.publicKeys(pool).compose(keys -> CredentialStore.revoked(pool, statusList).map(bits ->
        Verification.verify(jwt, keys, issuer.id(), Instant.now(),
            (l, position) -> l != statusList || bits.get(position))));
  }

  private static JsonArray checks(Verification.Result result) {
    JsonArray out = new JsonArray();
    result.checks().forEach(c -> out.add(new JsonObject().put("code", c.code()).put("ok", c.ok())));
    return out;
  }

  private static JsonObject summary(Map<String, Object> claims, CredentialStore.Credential c) {
    JsonObject vc = new JsonObject(claims);
    JsonObject subject = vc.getJsonObject("credentialSubject", new JsonObject());
    JsonObject achievement = subject.getJsonObject("achievement", new JsonObject());
    String name = null;
    JsonArray ids = subject.getJsonArray("identifier", new JsonArray());
    if (!ids.isEmpty() && ids.getValue(0) instanceof JsonObject first) {
      name = first.getString("identityHash");
    }
    return new JsonObject().put("name", vc.getString("name")).put("achievement", achievement.getString("name"))
        .put("achievementCode", c.achievement()).put("description", achievement.getString("description"))
        .put("recipient", name).put("validFrom", vc.getString("validFrom"))
        .put("activityStartDate", subject.getString("activityStartDate"))
        .put("revokedAt", c.revokedAt());
  }

  // --- the participant ------------------------------------------------------------------------

  private Future<?> mine(RoutingContext ctx) {
    Principal me = Principal.require(ctx);
    return CredentialStore.attended(pool, me.personId())
        .compose(sessions -> Future.all(sessions.stream().map(s -> Issuance.offer(pool, s, me.personId())).toList())
            .map(all -> all.<Issuance.Offer>list()))
        .compose(offers -> CredentialStore.ofPerson(pool, me.personId()).map(creds -> {
          JsonArray out = new JsonArray();
          for (Issuance.Offer o : offers) {
            CredentialStore.Attended s = o.session();
            JsonArray achievements = new JsonArray();
            for (OpenBadge.Kind kind : o.kinds()) {
              CredentialStore.Credential c = creds.stream()
                  .filter(x -> x.sessionId() == s.sessionId() && x.achievement().equals(kind.code)).findFirst().orElse(null);
              achievements.add(new JsonObject().put("achievement", kind.code).put("credential", c == null ? null : mineJson(c)));
            }
            out.add(new JsonObject().put("sessionId", s.sessionId()).put("roundId", s.roundId())
                .put("roundTitle", s.roundTitle()).put("startsAt", s.startsAt()).put("endsAt", s.endsAt())
                .put("cities", s.cities()).put("topics", s.topics()).put("cases", new JsonArray(o.cases()))
                .put("tryAnswer", s.tryAnswer()).put("tryAnonymous", s.tryAnswer() != null && s.tryAnonymous())
                .put("achievements", achievements));
          }
          // Credentials no longer offered (marked absent, or no longer a presenter, later) are still the person's.
          JsonArray others = new JsonArray();
          creds.stream().filter(c -> offers.stream().noneMatch(o -> o.session().sessionId() == c.sessionId()
                  && o.kinds().stream().anyMatch(k -> k.code.equals(c.achievement()))))
              .forEach(c -> others.add(mineJson(c)));
          return new JsonObject().put("offers", out).put("other", others);
        }));
  }

  private JsonObject mineJson(CredentialStore.Credential c) {
    return new JsonObject().put("id", c.id().toString()).put("sessionId", c.sessionId()).put("achievement", c.achievement())
        .put("published", c.published()).put("withEvidence", c.withEvidence()).put("issuedAt", c.issuedAt())
        .put("revokedAt", c.revokedAt()).put("revokeReason", c.revokeReason())
        .put("verifyUrl", verifyUrl(c.id()));
  }

  private String verifyUrl(UUID id) {
    return config.publicUrl() + "/#/verify/" + id;
  }

  private Future<?> accept(RoutingContext ctx) {
    Principal me = Principal.require(ctx);
    long sessionId = Params.id(ctx, "sessionId");
    Accept in = Json.body(ctx, Accept.class);
    OpenBadge.Kind kind = OpenBadge.Kind.of(in.achievement() == null ? "participation" : in.achievement());
    if (kind == null) {
      throw ApiError.invalid("achievement", "achievement is participation or presentation.");
    }
    boolean withEvidence = Boolean.TRUE.equals(in.withEvidence());
    return CredentialStore.session(pool, sessionId).compose(facts -> {
      if (facts == null) {
        throw ApiError.notFound("This session");
      }
      return CredentialStore.attended(pool, me.personId(), sessionId);
    }).compose(s -> s == null ? Future.<Issuance.Offer>succeededFuture(null) : Issuance.offer(pool, s, me.personId())).compose(o -> {
      if (o == null || !o.kinds().contains(kind)) {
        throw new ApiError(403, "not_offered", kind == OpenBadge.Kind.PRESENTATION
            ? "This session offers you no such credential: 事例発表 is for the presenters named on a submitted case of the session."
            : "This session offers you no such credential: only confirmed participants who attended a held session receive one.");
      }
      CredentialStore.Attended s = o.session();
      if (withEvidence && (s.tryAnswer() == null || s.tryAnswer().isBlank())) {
        throw new ApiError(422, "no_evidence", "Your reflection has no \"what I will try\" answer to include.", "withEvidence", null);
      }
      if (withEvidence && s.tryAnonymous()) {
        // The credential carries the person's name: their anonymous note's words beside it would point to them
        // for everyone who reads the credential, coordinators included (README, "Security", anonymous notes).
        throw new ApiError(409, "anonymous_note", "Your reflection is anonymous: its \"what I will try\" answer cannot go into"
            + " a credential that carries your name. Take the credential without it, or quote your note under your name first.",
            "withEvidence", null);
      }
      return CredentialStore.find(pool, sessionId, me.personId(), kind.code).compose(existing -> existing != null
          ? Future.<Object>succeededFuture(mineJson(existing))
          : Issuance.issue(vertx, pool, config, o, me.personId(), kind, withEvidence)
              .map(c -> (Object) Reply.created(mineJson(c))));
    });
  }

  private Future<?> publish(RoutingContext ctx) {
    Principal me = Principal.require(ctx);
    UUID id = credentialId(ctx);
    Publish in = Json.body(ctx, Publish.class);
    if (in.published() == null) {
      throw ApiError.invalid("published", "published is true or false.");
    }
    return CredentialStore.byId(pool, id).compose(c -> {
      if (c == null || c.personId() != me.personId()) {
        throw ApiError.notFound("This credential");
      }
      return CredentialStore.setPublished(pool, id, in.published()).compose(v -> CredentialStore.byId(pool, id))
          .map(this::mineJson);
    });
  }

  private void badge(RoutingContext ctx) {
    download(ctx, null, "image/png", ".png");
  }

  /** The JWT or the baked PNG, for the person it was issued to or a coordinator. */
  private void download(RoutingContext ctx, Function<CredentialStore.Credential, Buffer> body, String type, String ext) {
    Principal me;
    UUID id;
    try {
      me = Principal.require(ctx);
      id = credentialId(ctx);
    } catch (ApiError e) {
      ctx.fail(e);
      return;
    }
    CredentialStore.byId(pool, id).compose(c -> {
      if (c == null || (c.personId() != me.personId() && !me.isCoordinator())) {
        throw ApiError.notFound("This credential");
      }
      if (body != null) {
        return Future.succeededFuture(body.apply(c));
      }
      return vertx.executeBlocking(() -> Buffer.buffer(png(c)), false);
    }).onSuccess(bytes -> ctx.response().putHeader("Content-Type", type)
            .putHeader("Content-Disposition", "attachment; filename=\"kakehashi-credential-" + id + ext + "\"")
            .putHeader("Cache-Control", "no-store").end(bytes))
        .onFailure(ctx::fail);
  }

  private static byte[] png(CredentialStore.Credential c) throws java.text.ParseException {
    JsonObject vc = new JsonObject(SignedJWT.parse(c.jwt()).getJWTClaimsSet().toJSONObject());
    JsonObject subject = vc.getJsonObject("credentialSubject");
    OpenBadge.Kind kind = OpenBadge.Kind.of(c.achievement());
    String date = subject.getString("activityStartDate", "").length() >= 10
        ? OffsetDateTime.parse(subject.getString("activityStartDate")).atZoneSameInstant(java.time.ZoneId.of("Asia/Tokyo"))
            .toLocalDate().toString() : "";
    JsonArray tags = subject.getJsonObject("achievement").getJsonArray("tag", new JsonArray());
    List<String> lines = new ArrayList<>();
    lines.add(date);
    tags.stream().map(String::valueOf).filter(t -> t.endsWith("市") || t.endsWith("町") || t.endsWith("村") || t.endsWith("区"))
        .forEach(lines::add);
    lines.add(vc.getJsonObject("issuer").getString("name"));
    return BadgePng.baked(kind == null ? vc.getString("name") : kind.ja, lines, c.jwt());
  }

  // --- coordinators ---------------------------------------------------------------------------

  private Future<?> roundCounts(RoutingContext ctx) {
    Principal.require(ctx, Role.COORDINATOR);
    return CredentialStore.roundCounts(pool).map(rows -> {
      JsonArray out = new JsonArray();
      rows.forEach(r -> out.add(new JsonObject().put("roundId", r.roundId()).put("title", r.title())
          .put("heldSessions", r.heldSessions()).put("attended", r.attended()).put("issued", r.issued())
          .put("revoked", r.revoked())));
      return new JsonObject().put("rounds", out);
    });
  }

  private Future<?> ofRound(RoutingContext ctx) {
    Principal.require(ctx, Role.COORDINATOR);
    long roundId = Params.id(ctx, "roundId");
    return CredentialStore.roundExists(pool, roundId).compose(found -> {
      if (found == null) {
        throw ApiError.notFound("This round");
      }
      return CredentialStore.ofRound(pool, roundId);
    }).map(rows -> {
      JsonArray out = new JsonArray();
      rows.forEach(r -> out.add(new JsonObject().put("id", r.id().toString()).put("sessionId", r.sessionId())
          .put("startsAt", r.startsAt()).put("personName", r.personName()).put("centerName", r.centerName())
          .put("city", r.city()).put("achievement", r.achievement()).put("issuedAt", r.issuedAt())
          .put("revokedAt", r.revokedAt()).put("revokeReason", r.revokeReason()).put("verifyUrl", verifyUrl(r.id()))));
      return new JsonObject().put("roundId", roundId).put("credentials", out);
    });
  }

  private void csv(RoutingContext ctx) {
    long roundId;
    try {
      Principal.require(ctx, Role.COORDINATOR);
      roundId = Params.id(ctx, "roundId");
    } catch (ApiError e) {
      ctx.fail(e);
      return;
    }
    CredentialStore.roundExists(pool, roundId).compose(found -> {
      if (found == null) {
        throw ApiError.notFound("This round");
      }
      return CredentialStore.ofRound(pool, roundId);
    }).map(rows -> CredentialCsv.write(rows, config.publicUrl() + "/#/verify/"))
        .onSuccess(bytes -> ctx.response().putHeader("Content-Type", "text/csv; charset=utf-8")
            .putHeader("Content-Disposition", "attachment; filename=\"kakehashi-credentials-round-" + roundId + ".csv\"")
            .putHeader("Cache-Control", "no-store").end(Buffer.buffer(bytes)))
        .onFailure(ctx::fail);
  }

  private Future<?> revoke(RoutingContext ctx) {
    Principal me = Principal.require(ctx, Role.COORDINATOR);
    UUID id = credentialId(ctx);
    Revoke in = Json.body(ctx, Revoke.class);
    String reason = in.reason() == null ? "" : in.reason().strip();
    if (reason.isEmpty() || reason.length() > 500) {
      throw ApiError.invalid("reason", "Give the reason for revoking (1–500 characters).");
    }
    if (reason.codePoints().anyMatch(cp -> Character.isISOControl(cp) && cp != '\n')) {
      throw ApiError.invalid("reason", "The reason contains control characters.");
    }
    return CredentialStore.byId(pool, id).compose(c -> {
      if (c == null) {
        throw ApiError.notFound("This credential");
      }
      return CredentialStore.revoke(pool, id, me.personId(), reason);
    }).compose(changed -> {
      if (!changed) {
        throw ApiError.conflict("already_revoked", "This credential was revoked already.");
      }
      return CredentialStore.byId(pool, id).map(this::mineJson);
    });
  }

  // --- facilitators: who did not attend -------------------------------------------------------

  private Future<CredentialStore.SessionFacts> facilitated(Principal me, long sessionId) {
    return CredentialStore.session(pool, sessionId).map(facts -> {
      if (facts == null) {
        throw ApiError.notFound("This session");
      }
      if (!me.isCoordinator() && !Long.valueOf(me.personId()).equals(facts.facilitatorId())) {
        throw ApiError.forbidden();
      }
      return facts;
    });
  }

  /** Who attended: the confirmed participants (whether or not rooms were assigned) and who is marked absent. */
  private Future<?> absences(RoutingContext ctx) {
    Principal me = Principal.require(ctx);
    long sessionId = Params.id(ctx, "sessionId");
    return facilitated(me, sessionId).compose(f -> attendance(sessionId));
  }

  private Future<JsonObject> attendance(long sessionId) {
    return CredentialStore.participants(pool, sessionId).map(list -> {
      JsonArray absent = new JsonArray();
      JsonArray participants = new JsonArray();
      for (CredentialStore.Participant p : list) {
        if (p.absent()) {
          absent.add(p.personId());
        }
        participants.add(new JsonObject().put("personId", p.personId()).put("name", p.name())
            .put("centerName", p.centerName()).put("absent", p.absent()));
      }
      return new JsonObject().put("sessionId", sessionId).put("absent", absent).put("participants", participants);
    });
  }

  private Future<?> markAbsence(RoutingContext ctx) {
    Principal me = Principal.require(ctx);
    long sessionId = Params.id(ctx, "sessionId");
    long personId = Params.id(ctx, "personId");
    Absence in = Json.body(ctx, Absence.class);
    if (in.absent() == null) {
      throw ApiError.invalid("absent", "absent is true or false.");
    }
    return facilitated(me, sessionId).compose(f -> CredentialStore.confirmed(pool, sessionId, personId)).compose(ok -> {
      if (!ok) {
        throw ApiError.notFound("This participant");
      }
      return CredentialStore.markAbsent(pool, sessionId, personId, me.personId(), in.absent());
    }).compose(v -> attendance(sessionId));
  }

  private static UUID credentialId(RoutingContext ctx) {
    try {
      return UUID.fromString(ctx.pathParam("credentialId"));
    } catch (IllegalArgumentException | NullPointerException e) {
      throw ApiError.notFound("This credential");
    }
  }
}
