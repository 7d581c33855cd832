// The independent check of the credentials Kakehashi issues (CredentialNodeCheckTest, README
// "Credentials"): npm's jose verifies each VC-JWT against the JWKS the running app serves over HTTP,
// reads the revocation status list it points to (itself a VC-JWT verified the same way), and ajv
// validates the decoded credential against 1EdTech's OB 3.0 JSON Schema (the copy beside this file);
// pngjs decodes each baked badge and png-chunks-extract lists its chunks, so the OB 3.0 baking rules
// can be checked (one iTXt chunk, keyword openbadgecredential, uncompressed, the VC-JWT as its text).
//
// node check-credentials.mjs BASE_URL SCHEMA.json CREDENTIALS.json
//   CREDENTIALS.json: [{"name": "...", "jwt": "...", "png": "/path/of/its/badge.png"}];
//   prints one JSON object with a result per credential.

import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import Ajv2019 from 'ajv/dist/2019.js';
import addFormats from 'ajv-formats';
import pngjs from 'pngjs';
import extractChunks from 'png-chunks-extract';

const [base, schemaPath, listPath] = process.argv.slice(2);
const schema = JSON.parse(readFileSync(schemaPath, 'utf8'));
const credentials = JSON.parse(readFileSync(listPath, 'utf8'));

// strict: false because 1EdTech's schema is not written for ajv's strict mode (it has no effect on
// what validates).
function compile(s) {
  const ajv = new Ajv2019({ allErrors: true, strict: false });
  addFormats(ajv);
  return ajv.compile(s);
}
const asPublished = compile(schema);
// The published schema still requires VC 1.1's issuanceDate, which a VC Data Model 2.0 credential
// (what OB 3.0 asks for, and what Kakehashi issues) has as validFrom. The same schema with only that
// one member renamed (and validFrom / validUntil typed as date-time) is the one a credential must pass
// with no error at all.
const vc2 = structuredClone(schema);
vc2.required = schema.required.map((k) => (k === 'issuanceDate' ? 'validFrom' : k));
vc2.properties.validFrom = { type: 'string', format: 'date-time' };
vc2.properties.validUntil = { type: 'string', format: 'date-time' };
const asVc2 = compile(vc2);

const issuer = `${base}/api/credentials/issuer`;
const jwks = createRemoteJWKSet(new URL(`${base}/api/credentials/jwks.json`));

function errors(validate) {
  return (validate.errors || []).map((e) => ({ path: e.instancePath, keyword: e.keyword, params: e.params }));
}

function bit(encodedList, index) {
  if (!encodedList.startsWith('u')) throw new Error('encodedList is not multibase base64url');
  const bytes = gunzipSync(Buffer.from(encodedList.slice(1), 'base64url'));
  return { set: (bytes[Math.floor(index / 8)] & (0x80 >> (index % 8))) !== 0, bits: bytes.length * 8 };
}

async function status(entry) {
  const res = await fetch(entry.statusListCredential);
  const type = res.headers.get('content-type');
  const { payload } = await jwtVerify((await res.text()).trim(), jwks, { issuer, algorithms: ['ES256'] });
  const subject = payload.credentialSubject;
  const { set, bits } = bit(subject.encodedList, Number(entry.statusListIndex));
  return {
    contentType: type, listType: payload.type, subjectType: subject.type, statusPurpose: subject.statusPurpose,
    bits, revoked: set,
  };
}

/** The OB 3.0 baking of a PNG: its decodable image and the iTXt chunks named openbadgecredential. */
function baked(file) {
  const data = readFileSync(file);
  const image = pngjs.PNG.sync.read(data, { checkCRC: true });
  const chunks = extractChunks(data);
  const names = chunks.map((c) => c.name);
  const credentials = [];
  for (const c of chunks.filter((x) => x.name === 'iTXt')) {
    const d = Buffer.from(c.data);
    const nul = d.indexOf(0);
    if (d.subarray(0, nul).toString('latin1') !== 'openbadgecredential') continue;
    const compressed = d[nul + 1];
    const lang = d.indexOf(0, nul + 3);
    const translated = d.indexOf(0, lang + 1);
    credentials.push({ compressed, text: d.subarray(translated + 1).toString('utf8') });
  }
  return {
    width: image.width, height: image.height, first: names[0], last: names[names.length - 1],
    beforeIend: names.lastIndexOf('iTXt') < names.indexOf('IEND'), credentials,
  };
}

async function check(c) {
  const out = { name: c.name };
  try {
    out.header = decodeProtectedHeader(c.jwt);
    const { payload, protectedHeader } = await jwtVerify(c.jwt, jwks, { issuer, algorithms: ['ES256'], typ: 'JWT' });
    out.signature = true;
    out.alg = protectedHeader.alg;
    out.payload = payload;
    out.claimsMirror = payload.jti === payload.id && payload.sub === payload.credentialSubject?.id
      && payload.iss === payload.issuer?.id && payload.nbf === Math.floor(Date.parse(payload.validFrom) / 1000);
    out.asPublished = { valid: asPublished(payload), errors: errors(asPublished) };
    out.asVc2 = { valid: asVc2(payload), errors: errors(asVc2) };
    out.status = await status(payload.credentialStatus);
    if (c.png) {
      const png = baked(c.png);
      out.png = {
        width: png.width, height: png.height, first: png.first, last: png.last, beforeIend: png.beforeIend,
        bakedCount: png.credentials.length, uncompressed: png.credentials.every((x) => x.compressed === 0),
        sameJwt: png.credentials.length === 1 && png.credentials[0].text === c.jwt,
      };
    }
    // A changed payload under the same signature must not verify.
    const [h, , s] = c.jwt.split('.');
    const changed = { ...payload, name: `${payload.name}!` };
    try {
      await jwtVerify(`${h}.${Buffer.from(JSON.stringify(changed)).toString('base64url')}.${s}`, jwks, { issuer });
      out.tamperedRejected = false;
    } catch (e) {
      out.tamperedRejected = e.code === 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED';
    }
  } catch (e) {
    out.signature = false;
    out.error = `${e.code || e.name}: ${e.message}`;
  }
  return out;
}

const results = [];
for (const c of credentials) results.push(await check(c));
process.stdout.write(JSON.stringify({ results }));
