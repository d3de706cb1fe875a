// Merlin transcripts (dalek-cryptography/merlin 3.0; spec/chain.md §10.1-10.2): STROBE-128 over
// Keccak-f[1600], the transcript operations schnorrkel uses, and the witness RNG. Values are
// copyable; copying a transcript forks it. Thread: one object per thread.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string_view>

#include "chain/bytes.h"

namespace kinitro::chain {

// The Keccak-f[1600] permutation over 200 bytes (25 little-endian 64-bit lanes).
void KeccakF1600(std::array<uint8_t, 200>& state);

// The STROBE-128 subset merlin uses (no transport flag). Rate 166 bytes.
class Strobe128 {
 public:
  explicit Strobe128(ByteSpan protocol_label);

  void MetaAd(ByteSpan data, bool more);
  void Ad(ByteSpan data, bool more);
  void Prf(std::span<uint8_t> out, bool more);
  void Key(ByteSpan data, bool more);

 private:
  void RunF();
  void Absorb(ByteSpan data);
  void Overwrite(ByteSpan data);
  void Squeeze(std::span<uint8_t> out);
  void BeginOp(uint8_t flags, bool more);

  std::array<uint8_t, 200> state_{};
  uint8_t pos_ = 0;
  uint8_t pos_begin_ = 0;
  uint8_t cur_flags_ = 0;
};

// Output of TranscriptRngBuilder::Finalize: deterministic bytes bound to the transcript, the
// witnesses and the random seed.
class TranscriptRng {
 public:
  void FillBytes(std::span<uint8_t> out);

 private:
  friend class TranscriptRngBuilder;
  explicit TranscriptRng(Strobe128 strobe) : strobe_(strobe) {}
  Strobe128 strobe_;
};

// Rekeys a fork of a transcript with secret witnesses, then with 32 random bytes.
class TranscriptRngBuilder {
 public:
  TranscriptRngBuilder& RekeyWithWitnessBytes(std::string_view label, ByteSpan witness);
  // `random` is the 32 bytes merlin reads from its RNG (fresh randomness when signing).
  TranscriptRng Finalize(std::span<const uint8_t, 32> random) const;

 private:
  friend class Transcript;
  explicit TranscriptRngBuilder(Strobe128 strobe) : strobe_(strobe) {}
  Strobe128 strobe_;
};

class Transcript {
 public:
  // STROBE("Merlin v1.0") then append_message("dom-sep", label).
  explicit Transcript(std::string_view label);

  void AppendMessage(std::string_view label, ByteSpan message);
  void AppendU64(std::string_view label, uint64_t value);
  // Fills `out` with challenge bytes; the transcript absorbs the request.
  void ChallengeBytes(std::string_view label, std::span<uint8_t> out);
  // A witness RNG over a copy of the current state; this transcript is unchanged.
  TranscriptRngBuilder BuildRng() const { return TranscriptRngBuilder(strobe_); }

 private:
  Strobe128 strobe_;
};

}  // namespace kinitro::chain
