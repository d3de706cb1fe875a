// BLS12-381 groups for drand timelock (spec/chain.md §7): G1 (y² = x³ + 4 over Fp) and G2
// (y² = x³ + 4(u+1) over Fp2) in affine coordinates, the Zcash/IETF compressed encoding, RFC 9380
// hash-to-G1 (expand_message_xmd SHA-256, SSWU on the 11-isogenous curve), and the optimal ate
// pairing. Not constant-time (see bls12_381_field.h).
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "chain/timelock/bls12_381_field.h"
#include "util/result.h"

namespace kinitro::chain::bls {

// An affine point; `infinity` marks the identity (x, y are then zero).
template <typename F>
struct Affine {
  F x, y;
  bool infinity = true;

  bool operator==(const Affine& b) const {
    return infinity == b.infinity && (infinity || (x == b.x && y == b.y));
  }
};
using G1 = Affine<Fp>;
using G2 = Affine<Fp2>;

//---- group law ----

G1 G1Generator();
G2 G2Generator();
template <typename F>
Affine<F> Add(const Affine<F>& a, const Affine<F>& b);
template <typename F>
Affine<F> Negate(const Affine<F>& a);
// scalar·a for a big-endian scalar of any length (not reduced).
template <typename F>
Affine<F> Mul(const Affine<F>& a, std::span<const uint8_t> scalar_be);
template <typename F>
bool IsOnCurve(const Affine<F>& a);
// r·a == identity (a is in the prime-order subgroup).
template <typename F>
bool IsInSubgroup(const Affine<F>& a);

// The group order r, 32 bytes big-endian.
std::span<const uint8_t, 32> GroupOrderBe();
// A 32-byte big-endian integer reduced mod r (arkworks Fr::from_be_bytes_mod_order), big-endian.
std::array<uint8_t, 32> ReduceModOrder(std::span<const uint8_t, 32> be);

//---- compressed encoding (big-endian x; flags 0x80 compressed, 0x40 infinity, 0x20 y sign) ----

std::array<uint8_t, 48> CompressG1(const G1& p);
// G2: x.c1 ‖ x.c0, 48 bytes each.
std::array<uint8_t, 96> CompressG2(const G2& p);
// Rejects a wrong length, missing compression flag, malformed infinity, x ≥ p, x not on the curve,
// or a point outside the prime-order subgroup (kInvalidArgument, naming the reason).
Result<G1> DecompressG1(std::span<const uint8_t> bytes);
Result<G2> DecompressG2(std::span<const uint8_t> bytes);

//---- RFC 9380 hash to curve ----

// expand_message_xmd with SHA-256 (RFC 9380 §5.3.1); `len` ≤ 8160, `dst` ≤ 255 bytes.
std::vector<uint8_t> ExpandMessageXmd(std::span<const uint8_t> msg, std::string_view dst, size_t len);
// BLS12381G1_XMD:SHA-256_SSWU_RO_ with domain separation tag `dst` (hash_to_curve, not encode).
G1 HashToG1(std::span<const uint8_t> msg, std::string_view dst);

//---- pairing ----

// Optimal ate pairing e(p, q) with final exponentiation, the value arkworks 0.4 computes.
Fp12 Pairing(const G1& p, const G2& q);

}  // namespace kinitro::chain::bls
