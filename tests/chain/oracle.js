// Independent oracle for tests/chain: reads a JSON array of requests on stdin, writes a JSON array of
// answers on stdout. Uses @polkadot/util-crypto, @polkadot/util, @polkadot/keyring and @scure/sr25519
// from shared/chain/package-lock.json (installed by setup-oracle.sh; run with NODE_PATH set).
'use strict';
const { compactToU8a, u8aToHex, hexToU8a, stringToU8a, u8aConcat, isHex } = require('@polkadot/util');
const uc = require('@polkadot/util-crypto');
const { Keyring, DEV_PHRASE } = require('@polkadot/keyring');
const scure = require('@scure/sr25519');

const hex = (u8) => u8aToHex(u8);
const zeroRng = (n) => new Uint8Array(n);

// derive a pair the way @polkadot/util-crypto does (keyExtractSuri + mnemonicToMiniSecret + keyFromPath)
function suriPair(suri) {
  if (suri.startsWith('/')) suri = DEV_PHRASE + suri;
  const { phrase, password, path } = uc.keyExtractSuri(suri);
  const seed = isHex(phrase, 256) ? hexToU8a(phrase) : uc.mnemonicToMiniSecret(phrase, password);
  return uc.keyFromPath(uc.sr25519PairFromSeed(seed), path, 'sr25519');
}

const ops = {
  compact: (r) => hex(compactToU8a(BigInt(r.value))),
  ss58_encode: (r) => uc.encodeAddress(hexToU8a(r.key), r.prefix),
  ss58_decode: (r) => hex(uc.decodeAddress(r.address)),
  twox: (r) => hex(uc.xxhashAsU8a(hexToU8a(r.data), r.bits)),
  blake2: (r) => hex(uc.blake2AsU8a(hexToU8a(r.data), r.bits)),
  // twox128("System") ‖ twox128("Account") ‖ blake2_128(pk) ‖ pk, built from the oracle's own hashes
  system_account_key: (r) => {
    const pk = uc.decodeAddress(r.address);
    return hex(u8aConcat(uc.xxhashAsU8a(stringToU8a('System'), 128), uc.xxhashAsU8a(stringToU8a('Account'), 128),
                         uc.blake2AsU8a(pk, 128), pk));
  },
  sr25519_verify: (r) => uc.sr25519Verify(hexToU8a(r.message), hexToU8a(r.signature), hexToU8a(r.public)),
  // a keyring pair's signature (random nonce) and public key
  keyring_sign: (r) => {
    const pair = new Keyring({ type: 'sr25519' }).addFromUri(r.suri);
    return { public: hex(pair.publicKey), signature: hex(pair.sign(hexToU8a(r.message))) };
  },
  keyring_public: (r) => hex(new Keyring({ type: 'sr25519' }).addFromUri(r.suri).publicKey),
  suri_pair: (r) => {
    const p = suriPair(r.suri);
    return { public: hex(p.publicKey), secret: hex(p.secretKey) };
  },
  // @scure/sr25519 sign with 32 zero bytes as the RNG output (deterministic)
  scure_sign_zero_rng: (r) => hex(scure.sign(hexToU8a(r.secret), hexToU8a(r.message), zeroRng)),
  merlin: (r) => {
    const t = new scure.__tests.Merlin(r.label);
    const out = [];
    for (const op of r.ops) {
      if (op[0] === 'append') t.appendMessage(op[1], hexToU8a(op[2]));
      else out.push(hex(t.challengeBytes(op[1], op[2])));
    }
    return out;
  },
  mnemonic_generate: (r) => {
    const phrase = uc.mnemonicGenerate(r.words);
    return { phrase, entropy: hex(uc.mnemonicToEntropy(phrase)),
             mini: hex(uc.mnemonicToMiniSecret(phrase, r.password || '')) };
  },
  mnemonic_valid: (r) => uc.mnemonicValidate(r.phrase),
};

async function main() {
  await uc.cryptoWaitReady();
  const input = require('fs').readFileSync(0, 'utf8');
  const answers = JSON.parse(input).map((r) => {
    try {
      if (!ops[r.op]) throw new Error(`unknown op ${r.op}`);
      return { ok: ops[r.op](r) };
    } catch (e) {
      return { error: String(e.message || e) };
    }
  });
  process.stdout.write(JSON.stringify(answers));
}
main().catch((e) => { console.error(`oracle.js: ${e.stack || e}`); process.exit(1); });
