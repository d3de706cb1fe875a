// BLS12-381 group law, compressed encoding and optimal ate pairing (spec/chain.md §7.4).
#include "chain/timelock/bls12_381.h"

#include <openssl/bn.h>

#include <algorithm>
#include <memory>
#include <stdexcept>
#include <string>

namespace kinitro::chain::bls {

namespace {

// r = 0x73eda753…00000001
constexpr std::array<uint8_t, 32> kOrderBe = {
    0x73, 0xed, 0xa7, 0x53, 0x29, 0x9d, 0x7d, 0x48, 0x33, 0x39, 0xd8, 0x08, 0x09, 0xa1, 0xd8, 0x05,
    0x53, 0xbd, 0xa4, 0x02, 0xff, 0xfe, 0x5b, 0xfe, 0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x01};

// |x| for the BLS parameter x = −0xd201000000010000 (the Miller loop length)
constexpr uint64_t kAbsX = 0xd201000000010000ULL;

Fp CurveB(const Fp&) { return Fp::FromU64(4); }
Fp2 CurveB(const Fp2&) { return {Fp::FromU64(4), Fp::FromU64(4)}; }

Error Invalid(std::string_view group, const std::string& why) {
  return Error{ErrorKind::kInvalidArgument, "invalid " + std::string(group) + " point: " + why};
}

}  // namespace

//---- group law ----

G1 G1Generator() {
  return {Fp::FromHex("17f1d3a73197d7942695638c4fa9ac0fc3688c4f9774b905a14e3a3f171bac586c55e83ff97a1aeffb3af00adb22c6bb"),
          Fp::FromHex("08b3f481e3aaa0f1a09e30ed741d8ae4fcf5e095d5d00af600db18cb2c04b3edd03cc744a2888ae40caa232946c5e7e1"),
          false};
}

G2 G2Generator() {
  return {{Fp::FromHex("024aa2b2f08f0a91260805272dc51051c6e47ad4fa403b02b4510b647ae3d1770bac0326a805bbefd48056c8c121bdb8"),
           Fp::FromHex("13e02b6052719f607dacd3a088274f65596bd0d09920b61ab5da61bbdc7f5049334cf11213945d57e5ac7d055d042b7e")},
          {Fp::FromHex("0ce5d527727d6e118cc9cdc6da2e351aadfd9baa8cbdd3a76d429a695160d12c923ac9cc3baca289e193548608b82801"),
           Fp::FromHex("0606c4a02ea734cc32acd2b02bc28b99cb3e287e85a763af267492ab572e99ab3f370d275cec1da1aaa9075ff05f79be")},
          false};
}

template <typename F>
Affine<F> Negate(const Affine<F>& a) {
  return a.infinity ? a : Affine<F>{a.x, -a.y, false};
}

template <typename F>
Affine<F> Add(const Affine<F>& a, const Affine<F>& b) {
  if (a.infinity) return b;
  if (b.infinity) return a;
  F lambda;
  if (a.x == b.x) {
    if (!(a.y == b.y) || a.y.IsZero()) return Affine<F>{};  // a = −b
    F xx = a.x * a.x;
    lambda = (xx + xx + xx) * (a.y + a.y).Inverse();
  } else {
    lambda = (b.y - a.y) * (b.x - a.x).Inverse();
  }
  F x3 = lambda * lambda - a.x - b.x;
  return Affine<F>{x3, lambda * (a.x - x3) - a.y, false};
}

template <typename F>
Affine<F> Mul(const Affine<F>& a, std::span<const uint8_t> scalar_be) {
  Affine<F> acc;
  for (uint8_t byte : scalar_be) {
    for (int bit = 7; bit >= 0; --bit) {
      acc = Add(acc, acc);
      if ((byte >> bit) & 1) acc = Add(acc, a);
    }
  }
  return acc;
}

template <typename F>
bool IsOnCurve(const Affine<F>& a) {
  if (a.infinity) return true;
  return a.y * a.y == a.x * a.x * a.x + CurveB(a.x);
}

template <typename F>
bool IsInSubgroup(const Affine<F>& a) {
  return Mul(a, std::span<const uint8_t>(kOrderBe)).infinity;
}

template G1 Add(const G1&, const G1&);
template G2 Add(const G2&, const G2&);
template G1 Negate(const G1&);
template G2 Negate(const G2&);
template G1 Mul(const G1&, std::span<const uint8_t>);
template G2 Mul(const G2&, std::span<const uint8_t>);
template bool IsOnCurve(const G1&);
template bool IsOnCurve(const G2&);
template bool IsInSubgroup(const G1&);
template bool IsInSubgroup(const G2&);

std::span<const uint8_t, 32> GroupOrderBe() { return kOrderBe; }

std::array<uint8_t, 32> ReduceModOrder(std::span<const uint8_t, 32> be) {
  // 2^256 < 3r, so at most two subtractions
  std::array<uint8_t, 32> v;
  std::copy(be.begin(), be.end(), v.begin());
  while (!std::lexicographical_compare(v.begin(), v.end(), kOrderBe.begin(), kOrderBe.end())) {
    int borrow = 0;
    for (int i = 31; i >= 0; --i) {
      int d = v[i] - kOrderBe[i] - borrow;
      borrow = d < 0 ? 1 : 0;
      v[i] = static_cast<uint8_t>(d + (borrow << 8));
    }
  }
  return v;
}

//---- compressed encoding ----

std::array<uint8_t, 48> CompressG1(const G1& p) {
  std::array<uint8_t, 48> out{};
  if (p.infinity) {
    out[0] = 0xc0;
    return out;
  }
  out = p.x.ToBytesBe();
  out[0] |= 0x80;
  if (p.y.IsLexLargest()) out[0] |= 0x20;
  return out;
}

std::array<uint8_t, 96> CompressG2(const G2& p) {
  std::array<uint8_t, 96> out{};
  if (p.infinity) {
    out[0] = 0xc0;
    return out;
  }
  auto c1 = p.x.c1.ToBytesBe();
  auto c0 = p.x.c0.ToBytesBe();
  std::copy(c1.begin(), c1.end(), out.begin());
  std::copy(c0.begin(), c0.end(), out.begin() + 48);
  out[0] |= 0x80;
  if (p.y.IsLexLargest()) out[0] |= 0x20;
  return out;
}

namespace {

// shared checks of the flag byte; returns true for the (valid) encoding of infinity
Result<bool> CheckFlags(std::span<const uint8_t> bytes, size_t want, std::string_view group) {
  if (bytes.size() != want)
    return Invalid(group, "expected " + std::to_string(want) + " compressed bytes, got " + std::to_string(bytes.size()));
  uint8_t flags = bytes[0] & 0xe0;
  if ((flags & 0x80) == 0) return Invalid(group, "compression flag (0x80) not set; only compressed points are accepted");
  if ((flags & 0x40) != 0) {
    bool rest_zero = (bytes[0] & 0x3f) == 0 && std::all_of(bytes.begin() + 1, bytes.end(), [](uint8_t b) { return b == 0; });
    if ((flags & 0x20) != 0 || !rest_zero) return Invalid(group, "infinity flag set but the encoding is not 0xc0 00…00");
    return true;
  }
  return false;
}

Result<Fp> FieldElement(std::span<const uint8_t> bytes, bool clear_flags, std::string_view group) {
  std::array<uint8_t, 48> b;
  std::copy(bytes.begin(), bytes.begin() + 48, b.begin());
  if (clear_flags) b[0] &= 0x1f;
  auto fp = Fp::FromBytesBe(b);
  if (!fp) return Invalid(group, "x coordinate is not below the field modulus");
  return *fp;
}

template <typename F>
Result<Affine<F>> Finish(const F& x, bool sign, std::string_view group) {
  auto y = (x * x * x + CurveB(x)).Sqrt();
  if (!y) return Invalid(group, "x is not the coordinate of a curve point");
  Affine<F> p{x, *y, false};
  if (y->IsLexLargest() != sign) p.y = -p.y;
  if (!IsInSubgroup(p)) return Invalid(group, "point is not in the prime-order subgroup");
  return p;
}

}  // namespace

Result<G1> DecompressG1(std::span<const uint8_t> bytes) {
  auto infinity = CheckFlags(bytes, 48, "G1");
  if (!infinity) return infinity.error();
  if (*infinity) return G1{};
  auto x = FieldElement(bytes, true, "G1");
  if (!x) return x.error();
  return Finish(*x, (bytes[0] & 0x20) != 0, "G1");
}

Result<G2> DecompressG2(std::span<const uint8_t> bytes) {
  auto infinity = CheckFlags(bytes, 96, "G2");
  if (!infinity) return infinity.error();
  if (*infinity) return G2{};
  auto c1 = FieldElement(bytes.subspan(0, 48), true, "G2");
  if (!c1) return c1.error();
  auto c0 = FieldElement(bytes.subspan(48, 48), false, "G2");
  if (!c0) return c0.error();
  return Finish(Fp2{*c0, *c1}, (bytes[0] & 0x20) != 0, "G2");
}

//---- pairing ----

namespace {

// the line through T with slope λ (twist coordinates), evaluated at P and scaled by w³ (an Fp4
// factor the final exponentiation removes): (λ·x_T − y_T) + (−λ·x_P)·v + y_P·v·w
Fp12 Line(const Fp2& lambda, const G2& t, const G1& p) {
  Fp12 l;
  l.c0.c0 = lambda * t.x - t.y;
  l.c0.c1 = -(lambda * p.x);
  l.c1.c1 = Fp2{p.y, Fp::Zero()};
  return l;
}

// 3·(p¹²−1)/r, big-endian, computed once with BIGNUM. arkworks 0.4 (like gnark) computes the hard
// part with Hayashida-Hayasaka-Teruya (eprint 2020/875), which raises to 3·(p⁴−p²+1)/r, so its GT
// values are the cubes of the textbook reduced pairing; the ciphertext of spec/chain.md §7.6 opens only
// with the cube
std::vector<uint8_t> ComputeFinalExponent() {
  using BnPtr = std::unique_ptr<BIGNUM, decltype(&BN_free)>;
  std::unique_ptr<BN_CTX, decltype(&BN_CTX_free)> ctx(BN_CTX_new(), BN_CTX_free);
  BnPtr p(BN_new(), BN_free), r(BN_new(), BN_free), e(BN_new(), BN_free), twelve(BN_new(), BN_free);
  static const char kP[] =
      "1a0111ea397fe69a4b1ba7b6434bacd764774b84f38512bf6730d2a0f6b0f6241eabfffeb153ffffb9feffffffffaaab";
  BIGNUM* raw = p.get();
  if (BN_hex2bn(&raw, kP) == 0) throw std::runtime_error("BN_hex2bn failed for p");
  BN_bin2bn(kOrderBe.data(), static_cast<int>(kOrderBe.size()), r.get());
  BN_set_word(twelve.get(), 12);
  BN_exp(e.get(), p.get(), twelve.get(), ctx.get());
  BN_sub_word(e.get(), 1);
  BnPtr rem(BN_new(), BN_free);
  BN_div(e.get(), rem.get(), e.get(), r.get(), ctx.get());
  if (!BN_is_zero(rem.get())) throw std::logic_error("r does not divide p^12 - 1");
  BN_mul_word(e.get(), 3);
  std::vector<uint8_t> out(BN_num_bytes(e.get()));
  BN_bn2bin(e.get(), out.data());
  return out;
}

}  // namespace

Fp12 Pairing(const G1& p, const G2& q) {
  if (p.infinity || q.infinity) return Fp12::One();
  // Miller loop f_{|x|,Q}(P), affine T on the twist; vertical lines are dropped (they lie in Fp6)
  Fp12 f = Fp12::One();
  G2 t = q;
  for (int bit = 62; bit >= 0; --bit) {
    Fp2 xx = t.x.Square();
    Fp2 lambda = (xx + xx + xx) * (t.y + t.y).Inverse();
    f = f.Square() * Line(lambda, t, p);
    t = Add(t, t);
    if ((kAbsX >> bit) & 1) {
      lambda = (q.y - t.y) * (q.x - t.x).Inverse();
      f = f * Line(lambda, t, p);
      t = Add(t, q);
    }
  }
  // x < 0: f_{x} = 1/f_{|x|} up to vertical lines; after the easy part the inverse is the conjugate
  f = f.Conjugate();
  static const std::vector<uint8_t> kFinalExponent = ComputeFinalExponent();
  return f.Pow(kFinalExponent);
}

}  // namespace kinitro::chain::bls
