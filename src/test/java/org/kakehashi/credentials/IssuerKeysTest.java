package org.kakehashi.credentials;

import com.nimbusds.jose.jwk.ECKey;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.kakehashi.platform.Config;

import java.time.OffsetDateTime;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What happens to the signing keys at start (README "Credentials", "The signing key"): the first key,
 * encryption once an environment key is set, re-encryption under a new environment key, rotation,
 * and a start that stops rather than sign with another key when the stored key does not open.
 */
class IssuerKeysTest {

  static final String OLD = "old-environment-key-0123456789abcdef";
  static final String NEW = "new-environment-key-fedcba9876543210";

  static Config.Credentials settings(String key, String previous) {
    return new Config.Credentials("NPO", "https://npo.example", null, key, previous);
  }

  static CredentialStore.KeyRow row(ECKey key, String sealedUnder, OffsetDateTime retired) {
    String priv = key.toJSONString();
    return new CredentialStore.KeyRow(key.getKeyID(), "ES256", key.toPublicJWK().toJSONString(),
        sealedUnder == null ? priv : IssuerKeys.seal(priv, sealedUnder), sealedUnder != null, retired);
  }

  @Test
  @DisplayName("the first start makes an ES256 key; stored encrypted only when an environment key is set")
  void firstKey() throws Exception {
    List<IssuerKeys.Change> plain = IssuerKeys.plan(List.of(), settings(null, null));
    assertThat(plain).singleElement().satisfies(c -> {
      assertThat(c.insert()).isTrue();
      assertThat(c.encrypted()).isFalse();
      assertThat(c.privateJwk()).contains("\"d\"");
      assertThat(c.publicJwk()).doesNotContain("\"d\"").contains("\"P-256\"");
    });
    IssuerKeys.Change sealed = IssuerKeys.plan(List.of(), settings(NEW, null)).get(0);
    assertThat(sealed.encrypted()).isTrue();
    assertThat(sealed.privateJwk()).doesNotContain("\"d\"");
    ECKey opened = ECKey.parse(IssuerKeys.open(sealed.privateJwk(), NEW));
    assertThat(opened.isPrivate()).isTrue();
    assertThat(opened.getKeyID()).isEqualTo(sealed.kid());
    assertThatThrownBy(() -> IssuerKeys.open(sealed.privateJwk(), OLD)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  @DisplayName("an unencrypted key is encrypted once an environment key is configured; an opened key changes nothing")
  void encryptLater() throws Exception {
    ECKey key = IssuerKeys.generate();
    IssuerKeys.Change c = IssuerKeys.plan(List.of(row(key, null, null)), settings(NEW, null)).get(0);
    assertThat(c.insert()).isFalse();
    assertThat(c.kid()).isEqualTo(key.getKeyID());
    assertThat(ECKey.parse(IssuerKeys.open(c.privateJwk(), NEW)).getD()).isEqualTo(key.getD());
    assertThat(IssuerKeys.plan(List.of(row(key, NEW, null)), settings(NEW, null))).isEmpty();
  }

  @Test
  @DisplayName("a new environment key with the old one as previous key re-encrypts the stored keys")
  void changeEnvironmentKey() throws Exception {
    ECKey key = IssuerKeys.generate();
    IssuerKeys.Change c = IssuerKeys.plan(List.of(row(key, OLD, null)), settings(NEW, OLD)).get(0);
    assertThat(c.insert()).isFalse();
    assertThat(c.encrypted()).isTrue();
    assertThat(ECKey.parse(IssuerKeys.open(c.privateJwk(), NEW)).getD()).isEqualTo(key.getD());
  }

  @Test
  @DisplayName("a stored key that the configured key does not open stops the start; so does a missing key")
  void wrongKeyStops() {
    ECKey key = IssuerKeys.generate();
    assertThatThrownBy(() -> IssuerKeys.plan(List.of(row(key, OLD, null)), settings(NEW, null)))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("KAKEHASHI_CREDENTIALS_KEY");
    assertThatThrownBy(() -> IssuerKeys.plan(List.of(row(key, OLD, null)), settings(null, null)))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  @DisplayName("rotation: with every key retired, a new one is made; the retired keys stay (their public halves stay in the JWKS)")
  void rotation() {
    ECKey old = IssuerKeys.generate();
    List<IssuerKeys.Change> changes = IssuerKeys.plan(List.of(row(old, NEW, OffsetDateTime.now())), settings(NEW, null));
    assertThat(changes).singleElement().satisfies(c -> {
      assertThat(c.insert()).isTrue();
      assertThat(c.kid()).isNotEqualTo(old.getKeyID());
      assertThat(c.encrypted()).isTrue();
    });
  }
}
