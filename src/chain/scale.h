// SCALE codec (spec/chain.md §2): an Encoder that appends to a byte vector and a Decoder over
// untrusted bytes that throws DecodeError, turned into Result<T> by Decode(). Integers are
// little-endian; Compact<T> has the four modes of §2 including the big-integer mode.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>

#include "chain/bytes.h"
#include "util/result.h"

namespace kinitro::chain::scale {

using U128 = unsigned __int128;

// Decimal text of a u128 (for messages and tests).
std::string U128ToString(U128 value);

// Largest value the big-integer compact mode can carry is 67 bytes (2^536 - 1).
inline constexpr size_t kMaxCompactBytes = 67;

//---- Encoder ----

class Encoder {
 public:
  void U8(uint8_t v) { out_.push_back(v); }
  void U16(uint16_t v) { Le(v, 2); }
  void U32(uint32_t v) { Le(v, 4); }
  void U64(uint64_t v) { Le(v, 8); }
  void U128(scale::U128 v) { Le(v, 16); }
  void I8(int8_t v) { U8(static_cast<uint8_t>(v)); }
  void I16(int16_t v) { U16(static_cast<uint16_t>(v)); }
  void I32(int32_t v) { U32(static_cast<uint32_t>(v)); }
  void I64(int64_t v) { U64(static_cast<uint64_t>(v)); }
  void Bool(bool v) { U8(v ? 1 : 0); }

  // Compact<T> in the shortest (canonical) mode.
  void Compact(scale::U128 v);
  // Compact of an unsigned integer given as little-endian bytes (trailing zeros allowed), for
  // values beyond u128; throws std::invalid_argument above 2^536 - 1.
  void CompactLe(ByteSpan little_endian);

  // Raw bytes with no length prefix ([u8; N], H256, AccountId32).
  void Raw(ByteSpan bytes) { out_.insert(out_.end(), bytes.begin(), bytes.end()); }
  // Vec<u8>: Compact(len) then the bytes.
  void Bytes(ByteSpan bytes);
  // String: Compact(len) then UTF-8 bytes.
  void Str(std::string_view text) { Bytes(AsBytes(text)); }

  // Option<T>: 00 for None, 01 then `item(*this, value)` for Some.
  template <typename T, typename F>
  void Option(const std::optional<T>& value, F item) {
    if (!value) return U8(0);
    U8(1);
    item(*this, *value);
  }
  // Option<bool>: 00 None, 01 true, 02 false (the one special case of §2).
  void OptionBool(std::optional<bool> value) { U8(!value ? 0 : (*value ? 1 : 2)); }

  // Vec<T>: Compact(len) then `item(*this, element)` for each element.
  template <typename T, typename F>
  void Vec(std::span<const T> items, F item) {
    Compact(items.size());
    for (const T& v : items) item(*this, v);
  }

  const chain::Bytes& bytes() const { return out_; }
  chain::Bytes Take() { return std::move(out_); }

 private:
  template <typename T>
  void Le(T v, int n) {
    for (int i = 0; i < n; ++i) out_.push_back(static_cast<uint8_t>(v >> (8 * i)));
  }

  chain::Bytes out_;
};

//---- Decoder ----

// Thrown by Decoder on truncated or malformed input; what() names the field and byte offset.
class DecodeError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Reads SCALE values from a borrowed span (which must outlive the Decoder). Every read checks the
// remaining length first; nothing is read past the end. Non-canonical compacts are rejected, as
// the runtime does.
class Decoder {
 public:
  explicit Decoder(ByteSpan input) : in_(input) {}

  uint8_t U8();
  uint16_t U16() { return static_cast<uint16_t>(Le(2, "u16")); }
  uint32_t U32() { return static_cast<uint32_t>(Le(4, "u32")); }
  uint64_t U64() { return static_cast<uint64_t>(Le(8, "u64")); }
  scale::U128 U128() { return Le(16, "u128"); }
  int8_t I8() { return static_cast<int8_t>(U8()); }
  int16_t I16() { return static_cast<int16_t>(U16()); }
  int32_t I32() { return static_cast<int32_t>(U32()); }
  int64_t I64() { return static_cast<int64_t>(U64()); }
  // Only 00 and 01 are valid.
  bool Bool();

  // Compact<T> up to u128; larger values or non-canonical forms throw.
  scale::U128 Compact();
  // Compact<u32>/Compact<u64>/a length, with a range check naming `what`.
  uint32_t CompactU32(std::string_view what = "Compact<u32>");
  uint64_t CompactU64(std::string_view what = "Compact<u64>");
  // Any compact as minimal little-endian bytes (empty for zero), up to 67 bytes.
  chain::Bytes CompactLe();

  // Exactly n raw bytes, borrowed from the input.
  ByteSpan Raw(size_t n, std::string_view what = "raw bytes");
  // Vec<u8>: Compact(len) then the bytes.
  chain::Bytes Bytes();
  // String: Compact(len) then the bytes; must be valid UTF-8.
  std::string Str();

  // Option<T>: reads the 00/01 tag, then `item(*this)` for Some; any other tag throws.
  template <typename F>
  auto Option(F item) -> std::optional<decltype(item(*this))> {
    if (OptionTag() == 0) return std::nullopt;
    return item(*this);
  }
  std::optional<bool> OptionBool();

  // Vec<T>: Compact(len) then len items. The length is checked against the bytes left (each
  // item takes at least `min_item_bytes`), so a hostile length cannot make us allocate.
  template <typename F>
  auto Vec(F item, size_t min_item_bytes = 1) -> std::vector<decltype(item(*this))> {
    uint64_t n = VecLength(min_item_bytes);
    std::vector<decltype(item(*this))> out;
    out.reserve(n);
    for (uint64_t i = 0; i < n; ++i) out.push_back(item(*this));
    return out;
  }

  size_t offset() const { return pos_; }
  size_t remaining() const { return in_.size() - pos_; }
  bool AtEnd() const { return pos_ == in_.size(); }
  // Throws unless every byte was consumed.
  void Finish() const;

 private:
  scale::U128 Le(int n, std::string_view what);
  void Need(size_t n, std::string_view what) const;
  [[noreturn]] void Fail(const std::string& message) const;
  int OptionTag();
  uint64_t VecLength(size_t min_item_bytes);

  ByteSpan in_;
  size_t pos_ = 0;
};

// Runs `read(decoder)` over `input`, requires that it consumed every byte, and turns a
// DecodeError into Error{kBadShape, "<what>: <detail>"}.
template <typename F>
auto Decode(ByteSpan input, std::string_view what, F read) -> Result<decltype(read(std::declval<Decoder&>()))> {
  try {
    Decoder d(input);
    auto value = read(d);
    d.Finish();
    return value;
  } catch (const DecodeError& e) {
    return Error{ErrorKind::kBadShape, std::string(what) + ": " + e.what()};
  }
}

}  // namespace kinitro::chain::scale
