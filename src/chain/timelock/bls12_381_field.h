// BLS12-381 field tower (spec/chain.md §7.4 step 7): Fp (381-bit prime, Montgomery form over six
// 64-bit limbs), Fp2 = Fp[u]/(u²+1), Fp6 = Fp2[v]/(v³−(u+1)), Fp12 = Fp6[w]/(w²−v).
// Values are plain copyable structs; nothing here allocates. Arithmetic is not constant-time: it
// serves one timelock encryption per weight commit, where only public data and a fresh ephemeral
// scalar are involved.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

namespace kinitro::chain::bls {

//---- Fp ----

class Fp {
 public:
  static constexpr size_t kBytes = 48;  // big-endian (Zcash points) or little-endian (arkworks GT)

  static Fp Zero() { return Fp(); }
  static Fp One();
  static Fp FromU64(uint64_t v);
  // 48 big-endian bytes; nullopt when the integer is ≥ p (non-canonical).
  static std::optional<Fp> FromBytesBe(std::span<const uint8_t, kBytes> bytes);
  // Any number of big-endian bytes, reduced mod p (hash_to_field).
  static Fp FromBytesBeReduce(std::span<const uint8_t> bytes);
  // A hex constant ("0x…", at most 96 digits, < p); throws std::invalid_argument otherwise.
  static Fp FromHex(std::string_view hex);

  std::array<uint8_t, kBytes> ToBytesBe() const;
  std::array<uint8_t, kBytes> ToBytesLe() const;

  Fp operator+(const Fp& b) const;
  Fp operator-(const Fp& b) const;
  Fp operator*(const Fp& b) const;
  Fp operator-() const { return Zero() - *this; }
  bool operator==(const Fp& b) const { return m_ == b.m_; }
  bool IsZero() const { return *this == Zero(); }
  Fp Square() const { return *this * *this; }
  // a^(p-2); zero maps to zero.
  Fp Inverse() const;
  // A square root when one exists (p ≡ 3 mod 4).
  std::optional<Fp> Sqrt() const;
  // RFC 9380 sgn0: parity of the canonical integer.
  bool Sgn0() const;
  // Zcash sign bit: the canonical integer is greater than (p-1)/2.
  bool IsLexLargest() const;

 private:
  std::array<uint64_t, 6> m_{};  // Montgomery form a·2^384 mod p, little-endian limbs
};

//---- Fp2 = Fp[u]/(u²+1) ----

struct Fp2 {
  Fp c0, c1;  // c0 + c1·u

  static Fp2 Zero() { return {}; }
  static Fp2 One() { return {Fp::One(), Fp::Zero()}; }
  Fp2 operator+(const Fp2& b) const { return {c0 + b.c0, c1 + b.c1}; }
  Fp2 operator-(const Fp2& b) const { return {c0 - b.c0, c1 - b.c1}; }
  Fp2 operator*(const Fp2& b) const;
  Fp2 operator*(const Fp& b) const { return {c0 * b, c1 * b}; }
  Fp2 operator-() const { return {-c0, -c1}; }
  bool operator==(const Fp2& b) const { return c0 == b.c0 && c1 == b.c1; }
  bool IsZero() const { return c0.IsZero() && c1.IsZero(); }
  Fp2 Square() const { return *this * *this; }
  // zero maps to zero.
  Fp2 Inverse() const;
  std::optional<Fp2> Sqrt() const;
  // multiplication by the non-residue ξ = u + 1
  Fp2 MulByXi() const { return {c0 - c1, c0 + c1}; }
  // Zcash sign bit: c1 decides unless it is zero.
  bool IsLexLargest() const { return c1.IsZero() ? c0.IsLexLargest() : c1.IsLexLargest(); }
};

//---- Fp6 = Fp2[v]/(v³−ξ) ----

struct Fp6 {
  Fp2 c0, c1, c2;  // c0 + c1·v + c2·v²

  static Fp6 Zero() { return {}; }
  static Fp6 One() { return {Fp2::One(), Fp2::Zero(), Fp2::Zero()}; }
  Fp6 operator+(const Fp6& b) const { return {c0 + b.c0, c1 + b.c1, c2 + b.c2}; }
  Fp6 operator-(const Fp6& b) const { return {c0 - b.c0, c1 - b.c1, c2 - b.c2}; }
  Fp6 operator*(const Fp6& b) const;
  Fp6 operator-() const { return {-c0, -c1, -c2}; }
  bool operator==(const Fp6& b) const { return c0 == b.c0 && c1 == b.c1 && c2 == b.c2; }
  // multiplication by v
  Fp6 MulByV() const { return {c2.MulByXi(), c0, c1}; }
};

//---- Fp12 = Fp6[w]/(w²−v) ----

struct Fp12 {
  Fp6 c0, c1;  // c0 + c1·w

  static Fp12 One() { return {Fp6::One(), Fp6::Zero()}; }
  Fp12 operator*(const Fp12& b) const;
  bool operator==(const Fp12& b) const { return c0 == b.c0 && c1 == b.c1; }
  Fp12 Square() const { return *this * *this; }
  // c0 − c1·w, the p⁶-power Frobenius.
  Fp12 Conjugate() const { return {c0, -c1}; }
  // this^e for a big-endian exponent.
  Fp12 Pow(std::span<const uint8_t> exponent_be) const;
  // arkworks 0.4 CanonicalSerialize: 12 Fp, 48 bytes little-endian each, c0.c0.c0, c0.c0.c1, …,
  // c1.c2.c1 (576 bytes).
  std::array<uint8_t, 576> ToBytesArkworks() const;
};

}  // namespace kinitro::chain::bls
