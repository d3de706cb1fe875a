#include "chain/merlin.h"

#include <stdexcept>

namespace kinitro::chain {
namespace {

constexpr uint8_t kRate = 166;  // STROBE-128 over Keccak-f[1600]: 200 - 32 - 2
constexpr uint8_t kFlagI = 1, kFlagA = 2, kFlagC = 4, kFlagT = 8, kFlagM = 16, kFlagK = 32;

constexpr uint64_t kRoundConstants[24] = {
    0x0000000000000001, 0x0000000000008082, 0x800000000000808a, 0x8000000080008000,
    0x000000000000808b, 0x0000000080000001, 0x8000000080008081, 0x8000000000008009,
    0x000000000000008a, 0x0000000000000088, 0x0000000080008009, 0x000000008000000a,
    0x000000008000808b, 0x800000000000008b, 0x8000000000008089, 0x8000000000008003,
    0x8000000000008002, 0x8000000000000080, 0x000000000000800a, 0x800000008000000a,
    0x8000000080008081, 0x8000000000008080, 0x0000000080000001, 0x8000000080008008};

// rho offsets and pi destinations in the order of the standard compact implementation
constexpr int kRho[24] = {1, 3, 6, 10, 15, 21, 28, 36, 45, 55, 2, 14,
                          27, 41, 56, 8, 25, 43, 62, 18, 39, 61, 20, 44};
constexpr int kPi[24] = {10, 7, 11, 17, 18, 3, 5, 16, 8, 21, 24, 4,
                         15, 23, 19, 13, 12, 2, 20, 14, 22, 9, 6, 1};

uint64_t Rotl(uint64_t x, int n) { return (x << n) | (x >> (64 - n)); }

std::array<uint8_t, 4> Le32(size_t n) {
  if (n > UINT32_MAX) throw std::length_error("merlin: message longer than 2^32 - 1 bytes");
  return {static_cast<uint8_t>(n), static_cast<uint8_t>(n >> 8), static_cast<uint8_t>(n >> 16),
          static_cast<uint8_t>(n >> 24)};
}

}  // namespace

void KeccakF1600(std::array<uint8_t, 200>& state) {
  uint64_t a[25];
  for (int i = 0; i < 25; ++i) {
    uint64_t lane = 0;
    for (int b = 0; b < 8; ++b) lane |= static_cast<uint64_t>(state[8 * i + b]) << (8 * b);
    a[i] = lane;
  }
  for (uint64_t rc : kRoundConstants) {
    // theta
    uint64_t c[5];
    for (int x = 0; x < 5; ++x) c[x] = a[x] ^ a[x + 5] ^ a[x + 10] ^ a[x + 15] ^ a[x + 20];
    for (int x = 0; x < 5; ++x) {
      uint64_t d = c[(x + 4) % 5] ^ Rotl(c[(x + 1) % 5], 1);
      for (int y = 0; y < 25; y += 5) a[y + x] ^= d;
    }
    // rho and pi
    uint64_t t = a[1];
    for (int i = 0; i < 24; ++i) {
      uint64_t next = a[kPi[i]];
      a[kPi[i]] = Rotl(t, kRho[i]);
      t = next;
    }
    // chi
    for (int y = 0; y < 25; y += 5) {
      uint64_t row[5];
      for (int x = 0; x < 5; ++x) row[x] = a[y + x];
      for (int x = 0; x < 5; ++x) a[y + x] = row[x] ^ (~row[(x + 1) % 5] & row[(x + 2) % 5]);
    }
    // iota
    a[0] ^= rc;
  }
  for (int i = 0; i < 25; ++i) {
    for (int b = 0; b < 8; ++b) state[8 * i + b] = static_cast<uint8_t>(a[i] >> (8 * b));
  }
}

//---- STROBE-128 (merlin's strobe.rs) ----

Strobe128::Strobe128(ByteSpan protocol_label) {
  static constexpr uint8_t kInit[18] = {1, kRate + 2, 1, 0, 1, 96, 'S', 'T', 'R', 'O', 'B', 'E',
                                        'v', '1', '.', '0', '.', '2'};
  std::copy(std::begin(kInit), std::end(kInit), state_.begin());
  KeccakF1600(state_);
  MetaAd(protocol_label, false);
}

void Strobe128::MetaAd(ByteSpan data, bool more) {
  BeginOp(kFlagM | kFlagA, more);
  Absorb(data);
}

void Strobe128::Ad(ByteSpan data, bool more) {
  BeginOp(kFlagA, more);
  Absorb(data);
}

void Strobe128::Prf(std::span<uint8_t> out, bool more) {
  BeginOp(kFlagI | kFlagA | kFlagC, more);
  Squeeze(out);
}

void Strobe128::Key(ByteSpan data, bool more) {
  BeginOp(kFlagA | kFlagC, more);
  Overwrite(data);
}

void Strobe128::RunF() {
  state_[pos_] ^= pos_begin_;
  state_[pos_ + 1] ^= 0x04;
  state_[kRate + 1] ^= 0x80;
  KeccakF1600(state_);
  pos_ = 0;
  pos_begin_ = 0;
}

void Strobe128::Absorb(ByteSpan data) {
  for (uint8_t b : data) {
    state_[pos_++] ^= b;
    if (pos_ == kRate) RunF();
  }
}

void Strobe128::Overwrite(ByteSpan data) {
  for (uint8_t b : data) {
    state_[pos_++] = b;
    if (pos_ == kRate) RunF();
  }
}

void Strobe128::Squeeze(std::span<uint8_t> out) {
  for (uint8_t& b : out) {
    b = state_[pos_];
    state_[pos_++] = 0;
    if (pos_ == kRate) RunF();
  }
}

void Strobe128::BeginOp(uint8_t flags, bool more) {
  // a continued operation must keep its flags (merlin asserts the same)
  if (more) {
    if (cur_flags_ != flags) throw std::logic_error("strobe: continued operation changed its flags");
    return;
  }
  if (flags & kFlagT) throw std::logic_error("strobe: the transport flag is not supported");
  uint8_t old_begin = pos_begin_;
  pos_begin_ = static_cast<uint8_t>(pos_ + 1);
  cur_flags_ = flags;
  const uint8_t op[2] = {old_begin, flags};
  Absorb(op);
  // cipher and key operations start on a fresh block
  if ((flags & (kFlagC | kFlagK)) != 0 && pos_ != 0) RunF();
}

//---- Transcript (merlin's transcript.rs) ----

Transcript::Transcript(std::string_view label) : strobe_(AsBytes("Merlin v1.0")) {
  AppendMessage("dom-sep", AsBytes(label));
}

void Transcript::AppendMessage(std::string_view label, ByteSpan message) {
  strobe_.MetaAd(AsBytes(label), false);
  strobe_.MetaAd(Le32(message.size()), true);
  strobe_.Ad(message, false);
}

void Transcript::AppendU64(std::string_view label, uint64_t value) {
  std::array<uint8_t, 8> le{};
  for (int i = 0; i < 8; ++i) le[i] = static_cast<uint8_t>(value >> (8 * i));
  AppendMessage(label, le);
}

void Transcript::ChallengeBytes(std::string_view label, std::span<uint8_t> out) {
  strobe_.MetaAd(AsBytes(label), false);
  strobe_.MetaAd(Le32(out.size()), true);
  strobe_.Prf(out, false);
}

TranscriptRngBuilder& TranscriptRngBuilder::RekeyWithWitnessBytes(std::string_view label, ByteSpan witness) {
  strobe_.MetaAd(AsBytes(label), false);
  strobe_.MetaAd(Le32(witness.size()), true);
  strobe_.Key(witness, false);
  return *this;
}

TranscriptRng TranscriptRngBuilder::Finalize(std::span<const uint8_t, 32> random) const {
  Strobe128 s = strobe_;
  s.MetaAd(AsBytes("rng"), false);
  s.Key(random, false);
  return TranscriptRng(s);
}

void TranscriptRng::FillBytes(std::span<uint8_t> out) {
  strobe_.MetaAd(Le32(out.size()), false);
  strobe_.Prf(out, false);
}

}  // namespace kinitro::chain
