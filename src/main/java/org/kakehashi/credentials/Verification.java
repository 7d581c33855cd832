package org.kakehashi.credentials;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.SignedJWT;

import java.text.ParseException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Verifies a VC-JWT credential of this issuer (pure): the signature against the issuer's published
 * keys, that it is an OpenBadgeCredential of this issuer, its dates, and its revocation status.
 */
public final class Verification {

  /** Revocation lookup: is the bit at {@code position} of status list {@code list} set? */
  @FunctionalInterface
  public interface Revocations {
    boolean revoked(int list, int position);
  }

  /** One check and whether it passed. Codes: signature, issuer, format, validFrom, validUntil, status. */
  public record Check(String code, boolean ok) {
  }

  /**
   * The outcome. {@code state}: {@code valid}, {@code revoked}, {@code expired}, {@code not_yet_valid},
   * or — for a token that is not ours or was changed — {@code malformed}, {@code unknown_key},
   * {@code signature_invalid}, {@code not_ours}. {@code claims} only once the signature holds.
   */
  public record Result(String state, List<Check> checks, Map<String, Object> claims) {
    public boolean authentic() {
      return claims != null;
    }
  }

  private Verification() {
  }

  public static Result verify(String token, JWKSet keys, String issuerId, Instant now, Revocations revocations) {
    List<Check> checks = new ArrayList<>();
    SignedJWT jwt;
    try {
      jwt = SignedJWT.parse(token == null ? "" : token.strip());
    } catch (ParseException | RuntimeException e) {
      return new Result("malformed", List.of(new Check("signature", false)), null);
    }
    JWK key = jwt.getHeader().getKeyID() == null ? null : keys.getKeyByKeyId(jwt.getHeader().getKeyID());
    if (key == null) {
      return new Result("unknown_key", List.of(new Check("signature", false)), null);
    }
    boolean signed;
    try {
      JWSVerifier verifier = key instanceof ECKey ec ? new ECDSAVerifier(ec.toECPublicKey())
          : new RSASSAVerifier(((RSAKey) key).toRSAPublicKey());
      signed = jwt.verify(verifier);
    } catch (JOSEException | RuntimeException e) {
      signed = false;
    }
    if (!signed) {
      return new Result("signature_invalid", List.of(new Check("signature", false)), null);
    }
    checks.add(new Check("signature", true));
    Map<String, Object> claims;
    try {
      claims = jwt.getJWTClaimsSet().toJSONObject();
    } catch (ParseException e) {
      return new Result("malformed", List.of(new Check("signature", false)), null);
    }
    Object issuer = claims.get("issuer");
    String issuerOf = issuer instanceof Map<?, ?> m ? String.valueOf(m.get("id")) : String.valueOf(issuer);
    boolean ours = issuerId.equals(issuerOf) && issuerId.equals(claims.get("iss"));
    checks.add(new Check("issuer", ours));
    Object type = claims.get("type");
    boolean format = type instanceof List<?> types && types.contains("VerifiableCredential")
        && types.contains("OpenBadgeCredential") && claims.get("@context") instanceof List<?> ctx
        && ctx.size() >= 2 && OpenBadge.VC_CONTEXT.equals(ctx.get(0)) && ctx.contains(OpenBadge.OB_CONTEXT);
    checks.add(new Check("format", format));
    if (!ours || !format) {
      return new Result("not_ours", checks, null);
    }
    Instant from = instant(claims.get("validFrom"));
    Instant until = instant(claims.get("validUntil"));
    boolean started = from != null && !from.isAfter(now);
    boolean notEnded = until == null || until.isAfter(now);
    checks.add(new Check("validFrom", started));
    checks.add(new Check("validUntil", notEnded));
    boolean revoked = true;
    if (claims.get("credentialStatus") instanceof Map<?, ?> status) {
      try {
        String url = String.valueOf(status.get("statusListCredential"));
        int list = Integer.parseInt(url.substring(url.lastIndexOf('/') + 1));
        int position = Integer.parseInt(String.valueOf(status.get("statusListIndex")));
        revoked = revocations.revoked(list, position);
      } catch (RuntimeException e) {
        revoked = true; // a status entry we cannot read is not a valid credential
      }
    }
    checks.add(new Check("status", !revoked));
    String state = revoked ? "revoked" : !started ? "not_yet_valid" : !notEnded ? "expired" : "valid";
    return new Result(state, checks, claims);
  }

  private static Instant instant(Object value) {
    if (value == null) {
      return null;
    }
    try {
      return Instant.parse(String.valueOf(value));
    } catch (RuntimeException e) {
      return null;
    }
  }
}
