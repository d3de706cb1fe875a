#include "chain/mnemonic.h"

#include <openssl/evp.h>
#include <sodium.h>

#include <algorithm>
#include <cctype>
#include <stdexcept>
#include <vector>

namespace kinitro::chain {

extern const char kBip39EnglishText[];  // bip39_words.cc, generated

namespace {

std::vector<std::string_view> SplitWords(std::string_view text) {
  std::vector<std::string_view> words;
  size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
    size_t start = i;
    while (i < text.size() && !std::isspace(static_cast<unsigned char>(text[i]))) ++i;
    if (i > start) words.push_back(text.substr(start, i - start));
  }
  return words;
}

int WordIndex(std::string_view word) {
  // the list is sorted, so a binary search finds a word's 11-bit index
  std::span<const std::string_view> list = Bip39EnglishWords();
  auto it = std::lower_bound(list.begin(), list.end(), word);
  if (it == list.end() || *it != word) return -1;
  return static_cast<int>(it - list.begin());
}

}  // namespace

std::span<const std::string_view> Bip39EnglishWords() {
  static const std::vector<std::string_view> words = [] {
    std::vector<std::string_view> w = SplitWords(kBip39EnglishText);
    if (w.size() != 2048 || !std::is_sorted(w.begin(), w.end())) {
      throw std::logic_error("embedded BIP-39 English word list is corrupt");
    }
    return w;
  }();
  return words;
}

Result<Bytes> MnemonicToEntropy(std::string_view phrase) {
  std::vector<std::string_view> words = SplitWords(phrase);
  size_t n = words.size();
  if (n < 12 || n > 24 || n % 3 != 0) {
    return Error{ErrorKind::kInvalidArgument,
                 "mnemonic has " + std::to_string(n) + " words (valid: 12, 15, 18, 21 or 24)"};
  }
  // 11 bits per word: ENT bits of entropy then ENT/32 checksum bits
  std::vector<bool> bits;
  bits.reserve(n * 11);
  for (size_t i = 0; i < n; ++i) {
    int index = WordIndex(words[i]);
    if (index < 0) {
      return Error{ErrorKind::kInvalidArgument, "mnemonic word " + std::to_string(i + 1) + " '" +
                                                    std::string(words[i]) +
                                                    "' is not in the BIP-39 English word list"};
    }
    for (int b = 10; b >= 0; --b) bits.push_back((index >> b) & 1);
  }
  size_t checksum_bits = n * 11 / 33;
  size_t entropy_bits = n * 11 - checksum_bits;
  Bytes entropy(entropy_bits / 8, 0);
  for (size_t i = 0; i < entropy_bits; ++i) {
    if (bits[i]) entropy[i / 8] |= static_cast<uint8_t>(0x80 >> (i % 8));
  }
  std::array<uint8_t, 32> digest{};
  crypto_hash_sha256(digest.data(), entropy.data(), entropy.size());
  for (size_t i = 0; i < checksum_bits; ++i) {
    bool expected = (digest[i / 8] >> (7 - i % 8)) & 1;
    if (bits[entropy_bits + i] != expected) {
      return Error{ErrorKind::kInvalidArgument,
                   "mnemonic checksum mismatch (a word is wrong or the words are out of order)"};
    }
  }
  return entropy;
}

std::string EntropyToMnemonic(ByteSpan entropy) {
  if (entropy.size() < 16 || entropy.size() > 32 || entropy.size() % 4 != 0) {
    throw std::invalid_argument("BIP-39 entropy must be 16, 20, 24, 28 or 32 bytes, got " +
                                std::to_string(entropy.size()));
  }
  std::array<uint8_t, 32> digest{};
  crypto_hash_sha256(digest.data(), entropy.data(), entropy.size());
  size_t total_bits = entropy.size() * 8 + entropy.size() / 4;
  auto bit = [&](size_t i) {
    return i < entropy.size() * 8 ? (entropy[i / 8] >> (7 - i % 8)) & 1
                                  : (digest[(i - entropy.size() * 8) / 8] >> (7 - i % 8)) & 1;
  };
  std::string out;
  for (size_t w = 0; w < total_bits / 11; ++w) {
    int index = 0;
    for (size_t b = 0; b < 11; ++b) index = index << 1 | bit(w * 11 + b);
    if (w > 0) out.push_back(' ');
    out.append(Bip39EnglishWords()[index]);
  }
  return out;
}

std::array<uint8_t, 32> MiniSecretFromEntropy(ByteSpan entropy, std::string_view passphrase) {
  std::string salt = "mnemonic";
  salt.append(passphrase);
  std::array<uint8_t, 64> seed{};
  int ok = PKCS5_PBKDF2_HMAC(reinterpret_cast<const char*>(entropy.data()), static_cast<int>(entropy.size()),
                             reinterpret_cast<const unsigned char*>(salt.data()), static_cast<int>(salt.size()),
                             2048, EVP_sha512(), static_cast<int>(seed.size()), seed.data());
  if (ok != 1) throw std::runtime_error("OpenSSL PKCS5_PBKDF2_HMAC failed");
  std::array<uint8_t, 32> mini{};
  std::copy_n(seed.begin(), 32, mini.begin());
  sodium_memzero(seed.data(), seed.size());
  return mini;
}

}  // namespace kinitro::chain
