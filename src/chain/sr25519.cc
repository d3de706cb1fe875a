#include "chain/sr25519.h"

#include <sodium.h>

#include <algorithm>
#include <cstring>
#include <stdexcept>

#include "chain/merlin.h"

namespace kinitro::chain {
namespace {

using Scalar = std::array<uint8_t, 32>;
using Point = std::array<uint8_t, 32>;

void EnsureSodium() {
  static const int ok = sodium_init();
  if (ok < 0) throw std::runtime_error("libsodium failed to initialise");
}

Scalar WideReduce(const std::array<uint8_t, 64>& wide) {
  Scalar s{};
  crypto_core_ristretto255_scalar_reduce(s.data(), wide.data());
  return s;
}

bool IsCanonical(const Scalar& s) {
  std::array<uint8_t, 64> wide{};
  std::copy(s.begin(), s.end(), wide.begin());
  return WideReduce(wide) == s;
}

// x·B; a zero scalar gives the identity encoding (32 zero bytes) that libsodium writes
Point BaseMul(const Scalar& x) {
  Point p{};
  crypto_scalarmult_ristretto255_base(p.data(), x.data());
  return p;
}

Scalar ChallengeScalar(Transcript& t, std::string_view label) {
  std::array<uint8_t, 64> wide{};
  t.ChallengeBytes(label, wide);
  return WideReduce(wide);
}

// schnorrkel's SigningContext::new(context).bytes(message)
Transcript SigningTranscript(std::string_view context, ByteSpan message) {
  Transcript t("SigningContext");
  t.AppendMessage("", AsBytes(context));
  t.AppendMessage("sign-bytes", message);
  return t;
}

// schnorrkel's divide_scalar_bytes_by_cofactor: the 256-bit LE integer shifted right by 3
Scalar DivideByCofactor(Scalar s) {
  uint8_t low = 0;
  for (auto it = s.rbegin(); it != s.rend(); ++it) {
    uint8_t r = *it & 7;
    *it = static_cast<uint8_t>((*it >> 3) + low);
    low = static_cast<uint8_t>(r << 5);
  }
  return s;
}

Scalar MultiplyByCofactor(Scalar s) {
  uint8_t high = 0;
  for (uint8_t& b : s) {
    uint8_t r = b & 0xe0;
    b = static_cast<uint8_t>((b << 3) + high);
    high = static_cast<uint8_t>(r >> 5);
  }
  return s;
}

// the public half of soft derivation (schnorrkel derive.rs derived_key_simple): the scalar t;
// the transcript is left after the chain-code challenge, where the secret half continues
struct SoftStep {
  Scalar t;
  Transcript transcript;
};

SoftStep SoftDeriveScalar(const AccountId& public_key, const ChainCode& chain_code) {
  SoftStep step{{}, Transcript("SchnorrRistrettoHDKD")};
  step.transcript.AppendMessage("sign-bytes", {});
  step.transcript.AppendMessage("chain-code", chain_code);
  step.transcript.AppendMessage("public-key", public_key);
  step.t = ChallengeScalar(step.transcript, "HDKD-scalar");
  ChainCode next{};
  step.transcript.ChallengeBytes("HDKD-chaincode", next);
  return step;
}

}  // namespace

Sr25519Keypair Sr25519FromMiniSecret(std::span<const uint8_t, 32> mini_secret) {
  EnsureSodium();
  // §10.4 ExpandEd25519
  std::array<uint8_t, 64> h{};
  crypto_hash_sha512(h.data(), mini_secret.data(), mini_secret.size());
  Scalar key{};
  std::copy_n(h.begin(), 32, key.begin());
  key[0] &= 248;
  key[31] &= 63;
  key[31] |= 64;
  Sr25519Keypair kp{};
  kp.secret = DivideByCofactor(key);
  std::copy_n(h.begin() + 32, 32, kp.nonce.begin());
  kp.public_key = BaseMul(kp.secret);
  sodium_memzero(h.data(), h.size());
  sodium_memzero(key.data(), key.size());
  return kp;
}

Result<Sr25519Keypair> Sr25519FromSecretBytes(ByteSpan secret) {
  EnsureSodium();
  if (secret.size() != 64) {
    return Error{ErrorKind::kInvalidArgument,
                 "sr25519 secret key must be 64 bytes (x ‖ nonce), got " + std::to_string(secret.size())};
  }
  Sr25519Keypair kp{};
  std::copy_n(secret.begin(), 32, kp.secret.begin());
  std::copy_n(secret.begin() + 32, 32, kp.nonce.begin());
  if (!IsCanonical(kp.secret)) {
    return Error{ErrorKind::kInvalidArgument,
                 "sr25519 secret scalar is not canonical (expected schnorrkel's x ‖ nonce, not the "
                 "ed25519 form 8x ‖ nonce)"};
  }
  kp.public_key = BaseMul(kp.secret);
  return kp;
}

std::array<uint8_t, 64> Sr25519SecretEd25519Bytes(const Sr25519Keypair& keypair) {
  std::array<uint8_t, 64> out{};
  Scalar key = MultiplyByCofactor(keypair.secret);
  std::copy(key.begin(), key.end(), out.begin());
  std::copy(keypair.nonce.begin(), keypair.nonce.end(), out.begin() + 32);
  return out;
}

Sr25519Signature Sr25519Sign(const Sr25519Keypair& keypair, ByteSpan message, std::string_view context) {
  EnsureSodium();
  std::array<uint8_t, 32> random{};
  randombytes_buf(random.data(), random.size());
  return Sr25519SignWithRandom(keypair, message, random, context);
}

Sr25519Signature Sr25519SignWithRandom(const Sr25519Keypair& keypair, ByteSpan message,
                                       std::span<const uint8_t, 32> random, std::string_view context) {
  EnsureSodium();
  // §10.3 steps 1-2
  Transcript t = SigningTranscript(context, message);
  t.AppendMessage("proto-name", AsBytes("Schnorr-sig"));
  t.AppendMessage("sign:pk", keypair.public_key);
  // step 3: witness nonce r from a fork of the transcript, the nonce seed and the randomness
  std::array<uint8_t, 64> wide{};
  t.BuildRng().RekeyWithWitnessBytes("signing", keypair.nonce).Finalize(random).FillBytes(wide);
  Scalar r = WideReduce(wide);
  // steps 4-6
  Point big_r = BaseMul(r);
  t.AppendMessage("sign:R", big_r);
  Scalar k = ChallengeScalar(t, "sign:c");
  Scalar s{};
  crypto_core_ristretto255_scalar_mul(s.data(), k.data(), keypair.secret.data());
  crypto_core_ristretto255_scalar_add(s.data(), s.data(), r.data());
  Sr25519Signature sig{};
  std::copy(big_r.begin(), big_r.end(), sig.begin());
  std::copy(s.begin(), s.end(), sig.begin() + 32);
  sig[63] |= 0x80;  // schnorrkel marker
  sodium_memzero(r.data(), r.size());
  sodium_memzero(wide.data(), wide.size());
  return sig;
}

Status Sr25519Verify(ByteSpan message, std::span<const uint8_t, 64> signature, const AccountId& public_key,
                     std::string_view context) {
  EnsureSodium();
  auto reject = [](const std::string& why) { return Error{ErrorKind::kInvalidArgument, "sr25519 signature rejected: " + why}; };
  if ((signature[63] & 0x80) == 0) return reject("marker bit of byte 63 not set (not a schnorrkel signature)");
  Point big_r{};
  Scalar s{};
  std::copy_n(signature.begin(), 32, big_r.begin());
  std::copy_n(signature.begin() + 32, 32, s.begin());
  s[31] &= 0x7f;
  if (!IsCanonical(s)) return reject("scalar s is not canonical (s >= l)");
  if (crypto_core_ristretto255_is_valid_point(public_key.data()) != 1) {
    return reject("public key " + ToHex(public_key) + " is not a valid ristretto255 point");
  }
  // rebuild the transcript and check s·B − k·A == R
  Transcript t = SigningTranscript(context, message);
  t.AppendMessage("proto-name", AsBytes("Schnorr-sig"));
  t.AppendMessage("sign:pk", public_key);
  t.AppendMessage("sign:R", big_r);
  Scalar k = ChallengeScalar(t, "sign:c");
  Point s_b = BaseMul(s);
  Point k_a{};
  Point lhs = s_b;
  // the key is valid, so -1 means k·A is the identity and s·B alone is compared
  if (crypto_scalarmult_ristretto255(k_a.data(), k.data(), public_key.data()) == 0) {
    crypto_core_ristretto255_sub(lhs.data(), s_b.data(), k_a.data());
  }
  if (lhs != big_r) return reject("equation s·B − k·A = R does not hold (wrong key, message or context)");
  return Ok{};
}

Sr25519Keypair Sr25519HardDerive(const Sr25519Keypair& keypair, const ChainCode& chain_code) {
  // schnorrkel hard_derive_mini_secret_key(Some(cc), b"") then ExpandEd25519 (sp_core)
  Transcript t("SchnorrRistrettoHDKD");
  t.AppendMessage("sign-bytes", {});
  t.AppendMessage("chain-code", chain_code);
  t.AppendMessage("secret-key", keypair.secret);
  MiniSecret mini{};
  t.ChallengeBytes("HDKD-hard", mini);
  Sr25519Keypair out = Sr25519FromMiniSecret(mini);
  sodium_memzero(mini.data(), mini.size());
  return out;
}

Sr25519Keypair Sr25519SoftDerive(const Sr25519Keypair& keypair, const ChainCode& chain_code) {
  EnsureSodium();
  SoftStep step = SoftDeriveScalar(keypair.public_key, chain_code);
  Sr25519Keypair out{};
  crypto_core_ristretto255_scalar_add(out.secret.data(), keypair.secret.data(), step.t.data());
  out.public_key = BaseMul(out.secret);
  // new nonce seed: witness bytes over the old nonce and secret, with fresh randomness
  std::array<uint8_t, 64> old_secret{};
  std::copy(keypair.secret.begin(), keypair.secret.end(), old_secret.begin());
  std::copy(keypair.nonce.begin(), keypair.nonce.end(), old_secret.begin() + 32);
  std::array<uint8_t, 32> random{};
  randombytes_buf(random.data(), random.size());
  step.transcript.BuildRng()
      .RekeyWithWitnessBytes("HDKD-nonce", keypair.nonce)
      .RekeyWithWitnessBytes("HDKD-nonce", old_secret)
      .Finalize(random)
      .FillBytes(out.nonce);
  sodium_memzero(old_secret.data(), old_secret.size());
  return out;
}

Result<AccountId> Sr25519SoftDerivePublic(const AccountId& public_key, const ChainCode& chain_code) {
  EnsureSodium();
  if (crypto_core_ristretto255_is_valid_point(public_key.data()) != 1) {
    return Error{ErrorKind::kInvalidArgument, "public key " + ToHex(public_key) + " is not a valid ristretto255 point"};
  }
  Point tb = BaseMul(SoftDeriveScalar(public_key, chain_code).t);
  AccountId out{};
  crypto_core_ristretto255_add(out.data(), public_key.data(), tb.data());
  return out;
}

}  // namespace kinitro::chain
