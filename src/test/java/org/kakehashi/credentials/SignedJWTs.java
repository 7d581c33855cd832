package org.kakehashi.credentials;

import com.nimbusds.jwt.SignedJWT;
import io.vertx.core.json.JsonObject;

import java.util.Map;

/** The payload of a VC-JWT, read without checking it (tests check signatures separately). */
final class SignedJWTs {

  private SignedJWTs() {
  }

  static Map<String, Object> claims(String jwt) {
    try {
      return SignedJWT.parse(jwt).getJWTClaimsSet().toJSONObject();
    } catch (java.text.ParseException e) {
      throw new IllegalArgumentException(e);
    }
  }

  static JsonObject claimsJson(String jwt) {
    return new JsonObject(claims(jwt));
  }
}
