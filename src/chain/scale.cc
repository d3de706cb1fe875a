#include "chain/scale.h"

#include <algorithm>

namespace kinitro::chain::scale {
namespace {

// minimal number of bytes holding `v` (0 for zero)
int ByteLength(U128 v) {
  int n = 0;
  while (v != 0) {
    ++n;
    v >>= 8;
  }
  return n;
}

bool ValidUtf8(ByteSpan s) {
  size_t i = 0;
  while (i < s.size()) {
    uint8_t c = s[i];
    int extra = c < 0x80 ? 0 : (c >> 5) == 6 ? 1 : (c >> 4) == 14 ? 2 : (c >> 3) == 30 ? 3 : -1;
    if (extra < 0 || s.size() - i <= static_cast<size_t>(extra)) return false;
    uint32_t cp = extra == 0 ? c : c & (0x3f >> extra);
    for (int k = 1; k <= extra; ++k) {
      if ((s[i + k] & 0xc0) != 0x80) return false;
      cp = cp << 6 | (s[i + k] & 0x3f);
    }
    // reject overlong forms, surrogates and values past U+10FFFF
    static constexpr uint32_t kMin[] = {0, 0x80, 0x800, 0x10000};
    if (cp < kMin[extra] || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return false;
    i += extra + 1;
  }
  return true;
}

}  // namespace

std::string U128ToString(U128 value) {
  if (value == 0) return "0";
  std::string s;
  while (value != 0) {
    s.push_back(static_cast<char>('0' + static_cast<int>(value % 10)));
    value /= 10;
  }
  std::reverse(s.begin(), s.end());
  return s;
}

//---- Encoder ----

void Encoder::Compact(scale::U128 v) {
  // spec/chain.md §2: the mode sits in the two low bits of the first byte
  if (v < (1u << 6)) return U8(static_cast<uint8_t>(v << 2));
  if (v < (1u << 14)) return U16(static_cast<uint16_t>(v << 2 | 1));
  if (v < (1u << 30)) return U32(static_cast<uint32_t>(v << 2 | 2));
  int n = ByteLength(v);
  U8(static_cast<uint8_t>((n - 4) << 2 | 3));
  Le(v, n);
}

void Encoder::CompactLe(ByteSpan little_endian) {
  size_t n = little_endian.size();
  while (n > 0 && little_endian[n - 1] == 0) --n;
  if (n > kMaxCompactBytes) {
    throw std::invalid_argument("compact integer of " + std::to_string(n) +
                                " bytes exceeds the SCALE maximum of 67 bytes");
  }
  if (n <= 16) {
    scale::U128 v = 0;
    for (size_t i = 0; i < n; ++i) v |= static_cast<scale::U128>(little_endian[i]) << (8 * i);
    return Compact(v);
  }
  U8(static_cast<uint8_t>((n - 4) << 2 | 3));
  Raw(little_endian.first(n));
}

void Encoder::Bytes(ByteSpan bytes) {
  Compact(bytes.size());
  Raw(bytes);
}

//---- Decoder ----

void Decoder::Fail(const std::string& message) const {
  throw DecodeError(message + " at byte offset " + std::to_string(pos_) + " of " +
                    std::to_string(in_.size()));
}

void Decoder::Need(size_t n, std::string_view what) const {
  if (in_.size() - pos_ < n) {
    Fail("truncated input: " + std::string(what) + " needs " + std::to_string(n) + " bytes, " +
         std::to_string(in_.size() - pos_) + " left");
  }
}

uint8_t Decoder::U8() {
  Need(1, "u8");
  return in_[pos_++];
}

scale::U128 Decoder::Le(int n, std::string_view what) {
  Need(n, what);
  scale::U128 v = 0;
  for (int i = 0; i < n; ++i) v |= static_cast<scale::U128>(in_[pos_ + i]) << (8 * i);
  pos_ += n;
  return v;
}

bool Decoder::Bool() {
  uint8_t b = U8();
  if (b > 1) {
    --pos_;
    Fail("invalid bool byte " + std::to_string(b) + " (valid: 0, 1)");
  }
  return b == 1;
}

chain::Bytes Decoder::CompactLe() {
  Need(1, "compact");
  size_t start = pos_;
  uint8_t first = in_[pos_];
  int mode = first & 3;
  chain::Bytes out;
  if (mode < 3) {
    // modes 0..2: 1, 2 or 4 bytes holding value << 2
    int n = mode == 0 ? 1 : mode == 1 ? 2 : 4;
    uint64_t v = static_cast<uint64_t>(Le(n, "compact")) >> 2;
    static constexpr uint64_t kMin[] = {0, 1u << 6, 0, 1u << 14};
    if (v < kMin[n - 1]) {
      pos_ = start;
      Fail("non-canonical compact: " + std::to_string(v) + " encoded in " + std::to_string(n) +
           " bytes");
    }
    while (v != 0) {
      out.push_back(static_cast<uint8_t>(v));
      v >>= 8;
    }
    return out;
  }
  // big-integer mode: (n - 4) in the upper six bits, then n bytes LE
  size_t n = (first >> 2) + 4;
  ++pos_;
  Need(n, "compact big integer");
  ByteSpan v = in_.subspan(pos_, n);
  if (v[n - 1] == 0 || (n == 4 && v[3] < 0x40)) {
    pos_ = start;
    Fail("non-canonical compact: big-integer mode with " + std::to_string(n) +
         " bytes holds a value that fits a shorter form");
  }
  pos_ += n;
  return {v.begin(), v.end()};
}

scale::U128 Decoder::Compact() {
  size_t start = pos_;
  chain::Bytes le = CompactLe();
  if (le.size() > 16) {
    pos_ = start;
    Fail("compact integer of " + std::to_string(le.size()) + " bytes exceeds u128");
  }
  scale::U128 v = 0;
  for (size_t i = 0; i < le.size(); ++i) v |= static_cast<scale::U128>(le[i]) << (8 * i);
  return v;
}

uint32_t Decoder::CompactU32(std::string_view what) {
  size_t start = pos_;
  scale::U128 v = Compact();
  if (v > UINT32_MAX) {
    pos_ = start;
    Fail(std::string(what) + " " + U128ToString(v) + " exceeds u32");
  }
  return static_cast<uint32_t>(v);
}

uint64_t Decoder::CompactU64(std::string_view what) {
  size_t start = pos_;
  scale::U128 v = Compact();
  if (v > UINT64_MAX) {
    pos_ = start;
    Fail(std::string(what) + " " + U128ToString(v) + " exceeds u64");
  }
  return static_cast<uint64_t>(v);
}

ByteSpan Decoder::Raw(size_t n, std::string_view what) {
  Need(n, what);
  ByteSpan out = in_.subspan(pos_, n);
  pos_ += n;
  return out;
}

uint64_t Decoder::VecLength(size_t min_item_bytes) {
  size_t start = pos_;
  uint64_t n = CompactU64("length");
  size_t left = remaining();
  if (min_item_bytes > 0 && n > left / min_item_bytes) {
    pos_ = start;
    Fail("length " + std::to_string(n) + " exceeds the " + std::to_string(left) + " bytes left");
  }
  return n;
}

chain::Bytes Decoder::Bytes() {
  uint64_t n = VecLength(1);
  ByteSpan b = Raw(n, "byte vector");
  return {b.begin(), b.end()};
}

std::string Decoder::Str() {
  uint64_t n = VecLength(1);
  size_t start = pos_;
  ByteSpan b = Raw(n, "string");
  if (!ValidUtf8(b)) {
    pos_ = start;
    Fail("string of " + std::to_string(n) + " bytes is not valid UTF-8");
  }
  return {b.begin(), b.end()};
}

int Decoder::OptionTag() {
  uint8_t tag = U8();
  if (tag > 1) {
    --pos_;
    Fail("invalid Option tag " + std::to_string(tag) + " (valid: 0 None, 1 Some)");
  }
  return tag;
}

std::optional<bool> Decoder::OptionBool() {
  uint8_t tag = U8();
  if (tag > 2) {
    --pos_;
    Fail("invalid Option<bool> byte " + std::to_string(tag) + " (valid: 0 None, 1 true, 2 false)");
  }
  if (tag == 0) return std::nullopt;
  return tag == 1;
}

void Decoder::Finish() const {
  if (!AtEnd()) Fail(std::to_string(remaining()) + " unexpected trailing bytes");
}

}  // namespace kinitro::chain::scale
