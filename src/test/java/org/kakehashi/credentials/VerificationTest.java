package org.kakehashi.credentials;

import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The verification rules on tokens the API cannot produce (pure): an expired credential, one not yet
 * valid, one whose issuer is another installation, one whose status entry cannot be read.
 */
class VerificationTest {

  static final OpenBadge.Issuer ISSUER = new OpenBadge.Issuer("https://kakehashi.example", "NPO", "https://npo.example", null);
  static final ECKey KEY = IssuerKeys.generate();
  static final JWKSet KEYS = new JWKSet(KEY.toPublicJWK());
  static final Instant NOW = Instant.parse("2026-12-03T00:00:00Z");

  static Map<String, Object> credential(Instant validFrom) {
    OffsetDateTime start = OffsetDateTime.of(2026, 11, 27, 5, 0, 0, 0, ZoneOffset.UTC);
    OpenBadge.Session s = new OpenBadge.Session(1, "冬の合同研修", start, start.plusMinutes(90), List.of("宮城県名取市", "島根県松江市"),
        List.of("防災"), List.of(), List.of());
    return OpenBadge.credential(ISSUER, OpenBadge.Kind.PARTICIPATION, s, 7, "佐藤 花子", UUID.randomUUID(), validFrom, null, 3);
  }

  static Verification.Result verify(Map<String, Object> vc, Verification.Revocations revocations) {
    return Verification.verify(OpenBadge.sign(vc, KEY), KEYS, ISSUER.id(), NOW, revocations);
  }

  static boolean ok(Verification.Result r, String code) {
    return r.checks().stream().filter(c -> c.code().equals(code)).findFirst().orElseThrow().ok();
  }

  @Test
  @DisplayName("valid, then revoked by its status list bit (list 1, position 3)")
  void validAndRevoked() {
    Map<String, Object> vc = credential(NOW.minus(1, ChronoUnit.DAYS));
    assertThat(verify(vc, (list, position) -> false).state()).isEqualTo("valid");
    Verification.Result revoked = verify(vc, (list, position) -> list == 1 && position == 3);
    assertThat(revoked.state()).isEqualTo("revoked");
    assertThat(ok(revoked, "status")).isFalse();
    assertThat(ok(revoked, "signature")).isTrue();
  }

  @Test
  @DisplayName("past its validUntil: expired; before its validFrom: not yet valid")
  void dates() {
    Map<String, Object> expired = credential(NOW.minus(30, ChronoUnit.DAYS));
    expired.put("validUntil", OpenBadge.iso(NOW.minus(1, ChronoUnit.DAYS)));
    Verification.Result e = verify(expired, (l, p) -> false);
    assertThat(e.state()).isEqualTo("expired");
    assertThat(ok(e, "validUntil")).isFalse();
    assertThat(ok(e, "validFrom")).isTrue();
    Verification.Result future = verify(credential(NOW.plus(1, ChronoUnit.DAYS)), (l, p) -> false);
    assertThat(future.state()).isEqualTo("not_yet_valid");
    assertThat(ok(future, "validFrom")).isFalse();
  }

  @Test
  @DisplayName("another installation's issuer, or a status entry that cannot be read, is not a valid credential of ours")
  void notOurs() {
    Map<String, Object> vc = credential(NOW.minus(1, ChronoUnit.DAYS));
    Verification.Result other = Verification.verify(OpenBadge.sign(vc, KEY), KEYS, "https://elsewhere.example/api/credentials/issuer",
        NOW, (l, p) -> false);
    assertThat(other.state()).isEqualTo("not_ours");
    assertThat(other.authentic()).isFalse();
    vc.put("credentialStatus", Map.of("type", "BitstringStatusListEntry", "statusListIndex", "x",
        "statusListCredential", ISSUER.statusList(1)));
    assertThat(verify(vc, (l, p) -> false).state()).isEqualTo("revoked");
  }
}
