// BLS12-381 field tower: Montgomery multiplication (CIOS) over six limbs, and the Fp2/Fp6/Fp12
// towers of spec/chain.md §7.4 step 7.
#include "chain/timelock/bls12_381_field.h"

#include <openssl/bn.h>

#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace kinitro::chain::bls {

namespace {

using u128 = unsigned __int128;
using Limbs = std::array<uint64_t, 6>;

// p = 0x1a0111ea…ffffaaab, little-endian limbs
constexpr Limbs kP = {0xb9feffffffffaaabULL, 0x1eabfffeb153ffffULL, 0x6730d2a0f6b0f624ULL,
                      0x64774b84f38512bfULL, 0x4b1ba7b6434bacd7ULL, 0x1a0111ea397fe69aULL};
constexpr char kPHex[] =
    "1a0111ea397fe69a4b1ba7b6434bacd764774b84f38512bf6730d2a0f6b0f6241eabfffeb153ffffb9feffffffffaaab";

// -p^-1 mod 2^64 by Newton iteration
constexpr uint64_t NegInverse64() {
  uint64_t inv = 1;
  for (int i = 0; i < 7; ++i) inv *= 2 - kP[0] * inv;
  return ~inv + 1;
}
constexpr uint64_t kPInv = NegInverse64();

bool GreaterOrEqual(const Limbs& a, const Limbs& b) {
  for (int i = 5; i >= 0; --i) {
    if (a[i] != b[i]) return a[i] > b[i];
  }
  return true;
}

// a - b, returning the borrow
uint64_t SubInPlace(Limbs& a, const Limbs& b) {
  uint64_t borrow = 0;
  for (int i = 0; i < 6; ++i) {
    u128 d = static_cast<u128>(a[i]) - b[i] - borrow;
    a[i] = static_cast<uint64_t>(d);
    borrow = static_cast<uint64_t>(d >> 64) & 1;
  }
  return borrow;
}

uint64_t AddInPlace(Limbs& a, const Limbs& b) {
  uint64_t carry = 0;
  for (int i = 0; i < 6; ++i) {
    u128 s = static_cast<u128>(a[i]) + b[i] + carry;
    a[i] = static_cast<uint64_t>(s);
    carry = static_cast<uint64_t>(s >> 64);
  }
  return carry;
}

// Montgomery product a·b·2^-384 mod p (CIOS); inputs < p give an output < p
Limbs MontMul(const Limbs& a, const Limbs& b) {
  std::array<uint64_t, 8> t{};
  for (int i = 0; i < 6; ++i) {
    uint64_t c = 0;
    for (int j = 0; j < 6; ++j) {
      u128 s = static_cast<u128>(a[j]) * b[i] + t[j] + c;
      t[j] = static_cast<uint64_t>(s);
      c = static_cast<uint64_t>(s >> 64);
    }
    u128 s = static_cast<u128>(t[6]) + c;
    t[6] = static_cast<uint64_t>(s);
    t[7] = static_cast<uint64_t>(s >> 64);
    uint64_t m = t[0] * kPInv;
    s = static_cast<u128>(m) * kP[0] + t[0];
    c = static_cast<uint64_t>(s >> 64);
    for (int j = 1; j < 6; ++j) {
      s = static_cast<u128>(m) * kP[j] + t[j] + c;
      t[j - 1] = static_cast<uint64_t>(s);
      c = static_cast<uint64_t>(s >> 64);
    }
    s = static_cast<u128>(t[6]) + c;
    t[5] = static_cast<uint64_t>(s);
    t[6] = t[7] + static_cast<uint64_t>(s >> 64);
  }
  Limbs r = {t[0], t[1], t[2], t[3], t[4], t[5]};
  if (t[6] != 0 || GreaterOrEqual(r, kP)) SubInPlace(r, kP);
  return r;
}

// 2^768 mod p (to enter Montgomery form), by doubling 1 768 times
Limbs ComputeR2() {
  Limbs x = {1, 0, 0, 0, 0, 0};
  for (int i = 0; i < 768; ++i) {
    uint64_t carry = AddInPlace(x, x);
    if (carry != 0 || GreaterOrEqual(x, kP)) SubInPlace(x, kP);
  }
  return x;
}
const Limbs& R2() {
  static const Limbs r2 = ComputeR2();
  return r2;
}

Limbs FromMont(const Limbs& a) { return MontMul(a, Limbs{1, 0, 0, 0, 0, 0}); }

// exponents derived from p, computed once with OpenSSL BIGNUM
struct Exponents {
  std::vector<uint8_t> p_minus_2, p_plus_1_over_4, p_minus_3_over_4, p_minus_1_over_2;
};

std::vector<uint8_t> BnBytes(const BIGNUM* bn) {
  std::vector<uint8_t> out(BN_num_bytes(bn));
  BN_bn2bin(bn, out.data());
  return out;
}

Exponents ComputeExponents() {
  using BnPtr = std::unique_ptr<BIGNUM, decltype(&BN_free)>;
  BIGNUM* raw = nullptr;
  if (BN_hex2bn(&raw, kPHex) == 0) throw std::runtime_error("BN_hex2bn failed for p");
  BnPtr p(raw, BN_free);
  BnPtr t(BN_new(), BN_free);
  Exponents e;
  BN_copy(t.get(), p.get());
  BN_sub_word(t.get(), 2);
  e.p_minus_2 = BnBytes(t.get());
  BN_copy(t.get(), p.get());
  BN_add_word(t.get(), 1);
  BN_rshift(t.get(), t.get(), 2);
  e.p_plus_1_over_4 = BnBytes(t.get());
  BN_copy(t.get(), p.get());
  BN_sub_word(t.get(), 3);
  BN_rshift(t.get(), t.get(), 2);
  e.p_minus_3_over_4 = BnBytes(t.get());
  BN_copy(t.get(), p.get());
  BN_sub_word(t.get(), 1);
  BN_rshift1(t.get(), t.get());
  e.p_minus_1_over_2 = BnBytes(t.get());
  return e;
}
const Exponents& Exps() {
  static const Exponents e = ComputeExponents();
  return e;
}

// left-to-right square and multiply
template <typename F>
F Pow(const F& base, std::span<const uint8_t> exponent_be, F one) {
  F acc = one;
  for (uint8_t byte : exponent_be) {
    for (int bit = 7; bit >= 0; --bit) {
      acc = acc * acc;
      if ((byte >> bit) & 1) acc = acc * base;
    }
  }
  return acc;
}

Limbs LimbsFromBe(std::span<const uint8_t, Fp::kBytes> bytes) {
  Limbs l{};
  for (size_t i = 0; i < Fp::kBytes; ++i) l[5 - i / 8] = (l[5 - i / 8] << 8) | bytes[i];
  return l;
}

}  // namespace

//---- Fp ----

Fp Fp::One() { return FromU64(1); }

Fp Fp::FromU64(uint64_t v) {
  Fp out;
  out.m_ = MontMul(Limbs{v, 0, 0, 0, 0, 0}, R2());
  return out;
}

std::optional<Fp> Fp::FromBytesBe(std::span<const uint8_t, kBytes> bytes) {
  Limbs l = LimbsFromBe(bytes);
  if (GreaterOrEqual(l, kP)) return std::nullopt;
  Fp out;
  out.m_ = MontMul(l, R2());
  return out;
}

Fp Fp::FromBytesBeReduce(std::span<const uint8_t> bytes) {
  // Horner over bytes: acc·256 + byte
  const Fp base = FromU64(256);
  Fp acc;
  for (uint8_t b : bytes) acc = acc * base + FromU64(b);
  return acc;
}

Fp Fp::FromHex(std::string_view hex) {
  if (hex.starts_with("0x")) hex.remove_prefix(2);
  if (hex.empty() || hex.size() > 2 * kBytes) throw std::invalid_argument("Fp::FromHex: bad length: " + std::string(hex));
  std::array<uint8_t, kBytes> bytes{};
  size_t nibble = 2 * kBytes - hex.size();
  for (char c : hex) {
    int v = (c >= '0' && c <= '9') ? c - '0' : (c >= 'a' && c <= 'f') ? c - 'a' + 10 : (c >= 'A' && c <= 'F') ? c - 'A' + 10 : -1;
    if (v < 0) throw std::invalid_argument("Fp::FromHex: bad digit in " + std::string(hex));
    bytes[nibble / 2] |= static_cast<uint8_t>(nibble % 2 == 0 ? v << 4 : v);
    ++nibble;
  }
  auto fp = FromBytesBe(bytes);
  if (!fp) throw std::invalid_argument("Fp::FromHex: not below p: " + std::string(hex));
  return *fp;
}

std::array<uint8_t, Fp::kBytes> Fp::ToBytesBe() const {
  Limbs l = FromMont(m_);
  std::array<uint8_t, kBytes> out{};
  for (size_t i = 0; i < kBytes; ++i) out[kBytes - 1 - i] = static_cast<uint8_t>(l[i / 8] >> (8 * (i % 8)));
  return out;
}

std::array<uint8_t, Fp::kBytes> Fp::ToBytesLe() const {
  auto be = ToBytesBe();
  std::array<uint8_t, kBytes> out{};
  for (size_t i = 0; i < kBytes; ++i) out[i] = be[kBytes - 1 - i];
  return out;
}

Fp Fp::operator+(const Fp& b) const {
  Fp out = *this;
  AddInPlace(out.m_, b.m_);  // < 2p < 2^384: no carry out
  if (GreaterOrEqual(out.m_, kP)) SubInPlace(out.m_, kP);
  return out;
}

Fp Fp::operator-(const Fp& b) const {
  Fp out = *this;
  if (SubInPlace(out.m_, b.m_) != 0) AddInPlace(out.m_, kP);
  return out;
}

Fp Fp::operator*(const Fp& b) const {
  Fp out;
  out.m_ = MontMul(m_, b.m_);
  return out;
}

Fp Fp::Inverse() const { return Pow(*this, Exps().p_minus_2, One()); }

std::optional<Fp> Fp::Sqrt() const {
  Fp root = Pow(*this, Exps().p_plus_1_over_4, One());
  if (!(root.Square() == *this)) return std::nullopt;
  return root;
}

bool Fp::Sgn0() const { return (FromMont(m_)[0] & 1) != 0; }

bool Fp::IsLexLargest() const {
  // 2a > p-1  ⇔  2a ≥ p, computed on canonical limbs (2a < 2^382 fits)
  Limbs a = FromMont(m_);
  uint64_t carry = AddInPlace(a, a);
  return carry != 0 || GreaterOrEqual(a, kP);
}

//---- Fp2 ----

Fp2 Fp2::operator*(const Fp2& b) const {
  // Karatsuba with u² = −1
  Fp aa = c0 * b.c0;
  Fp bb = c1 * b.c1;
  Fp cross = (c0 + c1) * (b.c0 + b.c1);
  return {aa - bb, cross - aa - bb};
}

Fp2 Fp2::Inverse() const {
  // 1/(a + bu) = (a − bu)/(a² + b²)
  Fp inv = (c0.Square() + c1.Square()).Inverse();
  return {c0 * inv, -(c1 * inv)};
}

std::optional<Fp2> Fp2::Sqrt() const {
  if (IsZero()) return Zero();
  // Adj & Rodríguez-Henríquez, "Square root computation over even extension fields", Alg. 9 (p ≡ 3 mod 4)
  Fp2 a1 = Pow(*this, Exps().p_minus_3_over_4, One());
  Fp2 alpha = a1 * (a1 * *this);
  Fp2 x0 = a1 * *this;
  Fp2 x;
  if (alpha == -One()) {
    x = {-x0.c1, x0.c0};  // u·x0
  } else {
    Fp2 b = Pow(alpha + One(), Exps().p_minus_1_over_2, One());
    x = b * x0;
  }
  if (!(x.Square() == *this)) return std::nullopt;
  return x;
}

//---- Fp6 ----

Fp6 Fp6::operator*(const Fp6& b) const {
  // schoolbook with v³ = ξ
  Fp2 t00 = c0 * b.c0, t11 = c1 * b.c1, t22 = c2 * b.c2;
  Fp2 t01 = c0 * b.c1 + c1 * b.c0;
  Fp2 t02 = c0 * b.c2 + c2 * b.c0;
  Fp2 t12 = c1 * b.c2 + c2 * b.c1;
  return {t00 + t12.MulByXi(), t01 + t22.MulByXi(), t02 + t11};
}

//---- Fp12 ----

Fp12 Fp12::operator*(const Fp12& b) const {
  // (a0 + a1 w)(b0 + b1 w) with w² = v
  Fp6 t0 = c0 * b.c0;
  Fp6 t1 = c1 * b.c1;
  Fp6 cross = (c0 + c1) * (b.c0 + b.c1);
  return {t0 + t1.MulByV(), cross - t0 - t1};
}

Fp12 Fp12::Pow(std::span<const uint8_t> exponent_be) const { return bls::Pow(*this, exponent_be, One()); }

std::array<uint8_t, 576> Fp12::ToBytesArkworks() const {
  std::array<uint8_t, 576> out{};
  const Fp* parts[12] = {&c0.c0.c0, &c0.c0.c1, &c0.c1.c0, &c0.c1.c1, &c0.c2.c0, &c0.c2.c1,
                         &c1.c0.c0, &c1.c0.c1, &c1.c1.c0, &c1.c1.c1, &c1.c2.c0, &c1.c2.c1};
  for (size_t i = 0; i < 12; ++i) {
    auto le = parts[i]->ToBytesLe();
    std::copy(le.begin(), le.end(), out.begin() + static_cast<std::ptrdiff_t>(i * Fp::kBytes));
  }
  return out;
}

}  // namespace kinitro::chain::bls
