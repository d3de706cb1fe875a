// Independent oracle for tests/chain/tle_test.cc: reads a JSON array of requests on stdin and writes a
// JSON array of answers ({"ok": …} or {"error": …}) on stdout. Uses @noble/curves (BLS12-381 short
// signatures, hash-to-curve) and the ideal-lab5 timelock wasm (@ideallabs/timelock_wasm_wrapper,
// the `tle` of spec/chain.md §7.4), installed by setup-tlock-oracle.sh into the directory given as
// the first argument.
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';

const dir = process.argv[2];
const { bls12_381 } = await import(`${dir}/node_modules/@noble/curves/bls12-381.js`);
const wasm = await import(`${dir}/node_modules/@ideallabs/timelock_wasm_wrapper/timelock_wasm_wrapper.js`);
wasm.initSync({ module: readFileSync(`${dir}/node_modules/@ideallabs/timelock_wasm_wrapper/timelock_wasm_wrapper_bg.wasm`) });

const DST = 'BLS_SIG_BLS12381G1_XMD:SHA-256_SSWU_RO_NUL_';
const sigs = bls12_381.shortSignatures;
const hex = (u8) => Buffer.from(u8).toString('hex');
const bytes = (h) => new Uint8Array(Buffer.from(h.replace(/^0x/, ''), 'hex'));
const secretKey = (n) => bytes(BigInt(n).toString(16).padStart(64, '0'));
// spec/chain.md §7.1: a round's identity is sha256(round as u64 big-endian)
const roundId = (round) => {
  const be = Buffer.alloc(8);
  be.writeBigUInt64BE(BigInt(round));
  return new Uint8Array(createHash('sha256').update(be).digest());
};

const ops = {
  // σ for `round` under secret key `sk` (an integer), compressed G1
  sign: (r) => hex(sigs.Signature.toBytes(sigs.sign(sigs.hash(roundId(r.round), DST), secretKey(r.sk)))),
  public_key: (r) => hex(sigs.getPublicKey(secretKey(r.sk)).toBytes()),
  hash_to_g1: (r) => hex(bls12_381.G1.hashToCurve(bytes(r.msg), { DST: r.dst }).toBytes()),
  // the wasm's timelock decryption of a ciphertext with σ
  tld: (r) => hex(wasm.tld(bytes(r.ciphertext), bytes(r.signature), 'bls12_381')),
  // the wasm's timelock encryption to `pk` for `round`, with AES key `esk`
  tle: (r) => hex(wasm.tle(roundId(r.round), bytes(r.message), bytes(r.esk), bytes(r.pk), 'bls12_381')),
};

const requests = JSON.parse(readFileSync(0, 'utf8'));
const answers = requests.map((r) => {
  try {
    if (!ops[r.op]) throw new Error(`unknown op ${r.op}`);
    return { ok: ops[r.op](r) };
  } catch (e) {
    return { error: String(e && e.message ? e.message : e) };
  }
});
process.stdout.write(JSON.stringify(answers));
