package org.kakehashi.credentials;

import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.DirectDecrypter;
import com.nimbusds.jose.crypto.DirectEncrypter;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import org.kakehashi.platform.Config;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * The issuer's signing keys (README "Credentials"): an ES256 key generated at first start and kept in
 * PostgreSQL, its private half sealed as a JWE (dir, A256GCM) under {@code KAKEHASHI_CREDENTIALS_KEY}
 * when one is configured. Every key ever used stays in the public JWKS so older credentials verify.
 */
public final class IssuerKeys {

  private IssuerKeys() {
  }

  /**
   * Run at start: creates the first key when there is none active, encrypts unencrypted keys once a
   * key is configured, re-encrypts keys sealed under {@code previousKey}; fails (and so stops the
   * start) when a stored key cannot be opened with the configured key.
   */
  public static Future<Void> ensure(Vertx vertx, Pool pool, Config.Credentials settings) {
    // Key generation and AES run on a worker: the first use of the JCA providers can take seconds.
    return CredentialStore.keys(pool)
        .compose(rows -> vertx.executeBlocking(() -> plan(rows, settings), false))
        .compose(changes -> {
          Future<Void> chain = Future.succeededFuture();
          for (Change c : changes) {
            chain = chain.compose(v -> c.insert()
                ? CredentialStore.insertKey(pool, c.kid(), "ES256", c.publicJwk(), c.privateJwk(), c.encrypted())
                : CredentialStore.reseal(pool, c.kid(), c.privateJwk(), c.encrypted()));
          }
          return chain;
        });
  }

  /** A key to store anew ({@code insert}) or to store sealed differently. */
  record Change(boolean insert, String kid, String publicJwk, String privateJwk, boolean encrypted) {
  }

  static List<Change> plan(List<CredentialStore.KeyRow> rows, Config.Credentials settings) {
    List<Change> changes = new ArrayList<>();
    boolean anyActive = false;
    for (CredentialStore.KeyRow row : rows) {
      anyActive |= row.retiredAt() == null;
      if (!row.encrypted() && settings.key() != null) {
        changes.add(new Change(false, row.kid(), null, seal(row.privateJwk(), settings.key()), true));
      } else if (row.encrypted()) {
        String json = tryOpen(row.privateJwk(), settings.key());
        if (json == null && settings.previousKey() != null) {
          json = tryOpen(row.privateJwk(), settings.previousKey());
          if (json != null && settings.key() != null) {
            changes.add(new Change(false, row.kid(), null, seal(json, settings.key()), true));
          }
        }
        if (json == null) {
          throw new IllegalStateException("The credential signing key " + row.kid()
              + " is encrypted and KAKEHASHI_CREDENTIALS_KEY does not open it (README \"Credentials\").");
        }
      }
    }
    if (!anyActive) {
      ECKey key = generate();
      String priv = key.toJSONString();
      boolean encrypted = settings.key() != null;
      changes.add(new Change(true, key.getKeyID(), key.toPublicJWK().toJSONString(),
          encrypted ? seal(priv, settings.key()) : priv, encrypted));
    }
    return changes;
  }

  /** The key that signs now (the newest active one). */
  static Future<ECKey> signing(Vertx vertx, Pool pool, Config.Credentials settings) {
    return CredentialStore.keys(pool).compose(rows -> vertx.executeBlocking(() -> {
      for (int i = rows.size() - 1; i >= 0; i--) {
        CredentialStore.KeyRow row = rows.get(i);
        if (row.retiredAt() == null) {
          return parse(row.encrypted() ? open(row.privateJwk(), settings.key()) : row.privateJwk());
        }
      }
      throw new IllegalStateException("no active credential signing key");
    }, false));
  }

  /** Every public key, old ones included, as the JWKS that verifiers fetch. */
  static Future<JWKSet> publicKeys(Pool pool) {
    return CredentialStore.keys(pool).map(rows -> {
      List<JWK> keys = new ArrayList<>();
      for (CredentialStore.KeyRow row : rows) {
        try {
          keys.add(JWK.parse(row.publicJwk()));
        } catch (ParseException e) {
          throw new IllegalStateException("stored public key " + row.kid() + " does not parse", e);
        }
      }
      return new JWKSet(keys);
    });
  }

  static ECKey generate() {
    try {
      return new ECKeyGenerator(Curve.P_256).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.ES256)
          .keyIDFromThumbprint(true).generate();
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot generate an ES256 key", e);
    }
  }

  static String seal(String json, String secret) {
    try {
      JWEObject jwe = new JWEObject(new JWEHeader(JWEAlgorithm.DIR, EncryptionMethod.A256GCM), new Payload(json));
      jwe.encrypt(new DirectEncrypter(aesKey(secret)));
      return jwe.serialize();
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot encrypt the signing key", e);
    }
  }

  static String open(String sealed, String secret) {
    String json = tryOpen(sealed, secret);
    if (json == null) {
      throw new IllegalStateException("the signing key does not open with KAKEHASHI_CREDENTIALS_KEY");
    }
    return json;
  }

  private static String tryOpen(String sealed, String secret) {
    if (secret == null) {
      return null;
    }
    try {
      JWEObject jwe = JWEObject.parse(sealed);
      jwe.decrypt(new DirectDecrypter(aesKey(secret)));
      return jwe.getPayload().toString();
    } catch (ParseException | JOSEException e) {
      return null;
    }
  }

  /** The AES-256 key: SHA-256 of the configured secret (README: use 32 random bytes, e.g. base64). */
  private static byte[] aesKey(String secret) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static ECKey parse(String json) {
    try {
      return ECKey.parse(json);
    } catch (ParseException e) {
      throw new IllegalStateException("stored signing key does not parse", e);
    }
  }
}
