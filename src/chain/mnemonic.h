// BIP-39 English mnemonics as Substrate uses them (spec/chain.md §11.5): words → entropy with the
// checksum checked, then mini secret = PBKDF2-HMAC-SHA512(entropy, "mnemonic" ‖ passphrase,
// 2048)[0..32] — the entropy, not the sentence, is the PBKDF2 password.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "chain/bytes.h"
#include "util/result.h"

namespace kinitro::chain {

// The 2048 words of the standard English list, in order (embedded from bip39_english.txt).
std::span<const std::string_view> Bip39EnglishWords();

// Entropy (16/20/24/28/32 bytes) of a 12/15/18/21/24-word phrase separated by whitespace;
// kInvalidArgument naming an unknown word, a bad word count or a checksum mismatch.
Result<Bytes> MnemonicToEntropy(std::string_view phrase);

// The phrase for `entropy` (16..32 bytes, a multiple of 4); throws std::invalid_argument otherwise.
std::string EntropyToMnemonic(ByteSpan entropy);

// Substrate's mini secret from entropy and an optional passphrase (the `///password` of a URI).
std::array<uint8_t, 32> MiniSecretFromEntropy(ByteSpan entropy, std::string_view passphrase = "");

}  // namespace kinitro::chain
