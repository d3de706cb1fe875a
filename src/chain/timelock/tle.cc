// drand timelock encryption (spec/chain.md §7.4, steps 1-9, and its decryption).
#include "chain/timelock/tle.h"

#include <openssl/evp.h>
#include <openssl/rand.h>
#include <openssl/sha.h>

#include <memory>
#include <string>

#include "chain/timelock/bls12_381.h"

namespace kinitro::chain {

namespace {

using bls::Fp12;
using bls::G1;
using bls::G2;
using Hash = std::array<uint8_t, 32>;

constexpr size_t kNonceBytes = 12;
constexpr size_t kTagBytes = 16;
constexpr size_t kOverheadBytes = 244;      // everything but the plaintext (§7.4 table)
constexpr std::string_view kSuite = "AES_GCM_";

Hash Sha256(ByteSpan data) {
  Hash h;
  SHA256(data.data(), data.size(), h.data());
  return h;
}

Hash GtHash(const Fp12& g) {
  auto bytes = g.ToBytesArkworks();
  return Sha256(bytes);
}

// r = Fr(sha256(sigma ‖ esk)), the hash read big-endian and reduced (step 3)
std::array<uint8_t, 32> DeriveR(const Hash& sigma, const Hash& esk) {
  Bytes in(sigma.begin(), sigma.end());
  in.insert(in.end(), esk.begin(), esk.end());
  return bls::ReduceModOrder(Sha256(in));
}

Hash Xor(const Hash& a, const Hash& b) {
  Hash out;
  for (size_t i = 0; i < out.size(); ++i) out[i] = a[i] ^ b[i];
  return out;
}

void PutU64(Bytes& out, uint64_t v) {
  for (int i = 0; i < 8; ++i) out.push_back(static_cast<uint8_t>(v >> (8 * i)));
}

using CipherCtx = std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)>;

// AES-256-GCM, empty associated data; returns ciphertext ‖ tag
Result<Bytes> AesGcmSeal(const Hash& key, const std::array<uint8_t, kNonceBytes>& nonce, ByteSpan plaintext) {
  CipherCtx ctx(EVP_CIPHER_CTX_new(), EVP_CIPHER_CTX_free);
  Bytes out(plaintext.size() + kTagBytes);
  int len = 0, tail = 0;
  bool ok = ctx && EVP_EncryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, nullptr, nullptr) == 1 &&
            EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_IVLEN, kNonceBytes, nullptr) == 1 &&
            EVP_EncryptInit_ex(ctx.get(), nullptr, nullptr, key.data(), nonce.data()) == 1 &&
            EVP_EncryptUpdate(ctx.get(), out.data(), &len, plaintext.data(), static_cast<int>(plaintext.size())) == 1 &&
            EVP_EncryptFinal_ex(ctx.get(), out.data() + len, &tail) == 1 &&
            EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, kTagBytes, out.data() + plaintext.size()) == 1;
  if (!ok) return Error{ErrorKind::kIo, "AES-256-GCM encryption failed in OpenSSL"};
  return out;
}

Result<Bytes> AesGcmOpen(const Hash& key, ByteSpan nonce, ByteSpan sealed) {
  size_t n = sealed.size() - kTagBytes;
  CipherCtx ctx(EVP_CIPHER_CTX_new(), EVP_CIPHER_CTX_free);
  Bytes out(n);
  Bytes tag(sealed.end() - kTagBytes, sealed.end());
  int len = 0, tail = 0;
  bool ok = ctx && EVP_DecryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, nullptr, nullptr) == 1 &&
            EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_IVLEN, static_cast<int>(nonce.size()), nullptr) == 1 &&
            EVP_DecryptInit_ex(ctx.get(), nullptr, nullptr, key.data(), nonce.data()) == 1 &&
            EVP_DecryptUpdate(ctx.get(), out.data(), &len, sealed.data(), static_cast<int>(n)) == 1 &&
            EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, kTagBytes, tag.data()) == 1;
  if (!ok) return Error{ErrorKind::kIo, "AES-256-GCM set-up failed in OpenSSL"};
  if (EVP_DecryptFinal_ex(ctx.get(), out.data() + len, &tail) != 1)
    return Error{ErrorKind::kBadShape, "timelock body: AES-GCM tag mismatch (wrong key or corrupted body)"};
  return out;
}

// a little-endian u64 length prefix that must equal `want` (ark-serialize Vec<u8>)
class Reader {
 public:
  explicit Reader(ByteSpan data) : data_(data) {}
  Result<ByteSpan> Take(size_t n, std::string_view what) {
    if (data_.size() - pos_ < n)
      return Error{ErrorKind::kInvalidArgument, "timelock ciphertext truncated in " + std::string(what)};
    ByteSpan out = data_.subspan(pos_, n);
    pos_ += n;
    return out;
  }
  Result<uint64_t> Length(std::string_view what) {
    auto b = Take(8, what);
    if (!b) return b.error();
    uint64_t v = 0;
    for (int i = 7; i >= 0; --i) v = (v << 8) | (*b)[i];
    return v;
  }
  // a Vec<u8> whose length must be `want`
  Result<ByteSpan> Fixed(size_t want, std::string_view what) {
    auto n = Length(what);
    if (!n) return n.error();
    if (*n != want)
      return Error{ErrorKind::kInvalidArgument, "timelock ciphertext: " + std::string(what) + " has length " +
                                                    std::to_string(*n) + ", expected " + std::to_string(want)};
    return Take(want, what);
  }
  size_t left() const { return data_.size() - pos_; }

 private:
  ByteSpan data_;
  size_t pos_ = 0;
};

}  // namespace

std::array<uint8_t, 32> DrandRoundId(uint64_t round) {
  std::array<uint8_t, 8> be;
  for (int i = 0; i < 8; ++i) be[i] = static_cast<uint8_t>(round >> (56 - 8 * i));
  return Sha256(be);
}

Result<Bytes> TimelockEncrypt(ByteSpan beacon_public_key_g2, uint64_t round, ByteSpan plaintext) {
  auto pub = bls::DecompressG2(beacon_public_key_g2);
  if (!pub) return Error{pub.error().kind, "beacon public key: " + pub.error().message};
  if (pub->infinity) return Error{ErrorKind::kInvalidArgument, "beacon public key: the identity is not a key"};
  // steps 1-3: esk and t random; sigma = sha256(t as 32 bytes LE); r = Fr(sha256(sigma ‖ esk))
  Hash esk, t_bytes;
  std::array<uint8_t, kNonceBytes> nonce;
  if (RAND_bytes(esk.data(), esk.size()) != 1 || RAND_bytes(t_bytes.data(), t_bytes.size()) != 1 ||
      RAND_bytes(nonce.data(), nonce.size()) != 1)
    return Error{ErrorKind::kIo, "OpenSSL RAND_bytes failed"};
  auto t_be = bls::ReduceModOrder(t_bytes);
  Hash t_le;
  for (size_t i = 0; i < 32; ++i) t_le[i] = t_be[31 - i];
  Hash sigma = Sha256(t_le);
  auto r = DeriveR(sigma, esk);
  // steps 4-6: U = r·G2, g_id = e(Q_id, r·P_pub)
  G2 u = bls::Mul(bls::G2Generator(), r);
  auto id = DrandRoundId(round);
  G1 q_id = bls::HashToG1(id, kDrandG1Dst);
  Fp12 g_id = bls::Pairing(q_id, bls::Mul(*pub, r));
  // steps 7-9
  Hash v = Xor(sigma, GtHash(g_id));
  Hash w = Xor(esk, Sha256(sigma));
  auto sealed = AesGcmSeal(esk, nonce, plaintext);
  if (!sealed) return sealed.error();
  // ark-serialize layout: U ‖ Vec v ‖ Vec w ‖ Vec(AESOutput{Vec ct, Vec nonce}) ‖ Vec suite
  Bytes out;
  out.reserve(plaintext.size() + kOverheadBytes);
  auto u_bytes = bls::CompressG2(u);
  out.insert(out.end(), u_bytes.begin(), u_bytes.end());
  PutU64(out, v.size());
  out.insert(out.end(), v.begin(), v.end());
  PutU64(out, w.size());
  out.insert(out.end(), w.begin(), w.end());
  PutU64(out, 8 + sealed->size() + 8 + kNonceBytes);
  PutU64(out, sealed->size());
  out.insert(out.end(), sealed->begin(), sealed->end());
  PutU64(out, kNonceBytes);
  out.insert(out.end(), nonce.begin(), nonce.end());
  PutU64(out, kSuite.size());
  out.insert(out.end(), kSuite.begin(), kSuite.end());
  return out;
}

Result<Bytes> TimelockDecrypt(ByteSpan ciphertext, ByteSpan signature_g1) {
  if (ciphertext.size() < kOverheadBytes)
    return Error{ErrorKind::kInvalidArgument, "timelock ciphertext is " + std::to_string(ciphertext.size()) +
                                                  " bytes; at least " + std::to_string(kOverheadBytes) + " expected"};
  auto sig = bls::DecompressG1(signature_g1);
  if (!sig) return Error{sig.error().kind, "beacon signature: " + sig.error().message};
  // parse the layout of §7.4
  Reader in(ciphertext);
  auto u_bytes = in.Take(96, "U");
  auto u = bls::DecompressG2(*u_bytes);
  if (!u) return Error{u.error().kind, "timelock ciphertext U: " + u.error().message};
  auto v = in.Fixed(32, "v");
  if (!v) return v.error();
  auto w = in.Fixed(32, "w");
  if (!w) return w.error();
  size_t body_len = ciphertext.size() - kOverheadBytes + 44;  // L + 44
  auto body = in.Fixed(body_len, "body");
  if (!body) return body.error();
  auto suite = in.Fixed(kSuite.size(), "cipher suite");
  if (!suite) return suite.error();
  if (std::string_view(reinterpret_cast<const char*>(suite->data()), suite->size()) != kSuite)
    return Error{ErrorKind::kInvalidArgument, "timelock ciphertext: cipher suite is not AES_GCM_"};
  Reader body_in(*body);
  auto sealed = body_in.Fixed(body_len - 8 - 8 - kNonceBytes, "AES ciphertext");
  if (!sealed) return sealed.error();
  auto nonce = body_in.Fixed(kNonceBytes, "AES nonce");
  if (!nonce) return nonce.error();
  // sigma = v ⊕ sha256(e(σ, U)); esk = w ⊕ sha256(sigma); check U = r·G2
  Hash v_arr, w_arr;
  std::copy(v->begin(), v->end(), v_arr.begin());
  std::copy(w->begin(), w->end(), w_arr.begin());
  Hash sigma = Xor(v_arr, GtHash(bls::Pairing(*sig, *u)));
  Hash esk = Xor(w_arr, Sha256(sigma));
  if (!(bls::Mul(bls::G2Generator(), DeriveR(sigma, esk)) == *u))
    return Error{ErrorKind::kBadShape, "timelock ciphertext does not open with this signature (wrong round or beacon key)"};
  return AesGcmOpen(esk, *nonce, *sealed);
}

}  // namespace kinitro::chain
