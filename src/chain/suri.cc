#include "chain/suri.h"

#include <algorithm>
#include <cctype>
#include <charconv>

#include "chain/hashing.h"
#include "chain/mnemonic.h"
#include "chain/scale.h"

namespace kinitro::chain {
namespace {

Error BadUri(const std::string& why) {
  // the URI may hold a mnemonic, so messages never repeat it
  return Error{ErrorKind::kInvalidArgument, "secret URI: " + why};
}

}  // namespace

DeriveJunction MakeJunction(std::string_view text, bool hard) {
  scale::Encoder e;
  uint64_t number = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), number);
  if (ec == std::errc() && end == text.data() + text.size() && !text.empty()) {
    e.U64(number);
  } else {
    e.Str(text);
  }
  DeriveJunction j{{}, hard};
  const Bytes& enc = e.bytes();
  if (enc.size() > 32) {
    j.chain_code = Blake2_256(enc);
  } else {
    std::copy(enc.begin(), enc.end(), j.chain_code.begin());
  }
  return j;
}

Result<SecretUri> ParseSecretUri(std::string_view suri) {
  SecretUri out;
  size_t slash = suri.find('/');
  std::string_view phrase = suri.substr(0, slash);
  for (char c : phrase) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != ' ' && c != '_') {
      return BadUri("the phrase part may hold only letters, digits and spaces");
    }
  }
  out.phrase = std::string(phrase);
  size_t i = slash == std::string_view::npos ? suri.size() : slash;
  while (i < suri.size()) {
    // "///" starts the password, which runs to the end
    if (suri.substr(i, 3) == "///") {
      out.password = std::string(suri.substr(i + 3));
      break;
    }
    bool hard = suri.substr(i, 2) == "//";
    size_t start = i + (hard ? 2 : 1);
    size_t end = std::min(suri.find('/', start), suri.size());
    if (end == start) return BadUri("empty derivation junction at position " + std::to_string(i));
    out.path.push_back(MakeJunction(suri.substr(start, end - start), hard));
    i = end;
  }
  return out;
}

Result<Sr25519Keypair> Sr25519FromSuri(std::string_view suri) {
  Result<SecretUri> parsed = ParseSecretUri(suri);
  if (!parsed) return parsed.error();
  std::string_view phrase = parsed->phrase;
  if (phrase.empty()) phrase = kDevPhrase;

  Sr25519Keypair kp{};
  if (phrase.starts_with("0x")) {
    Result<Bytes> seed = FromHex(phrase);
    if (!seed) return BadUri("hex seed: " + seed.error().message);
    if (seed->size() != 32) {
      return BadUri("hex seed is " + std::to_string(seed->size()) + " bytes, expected a 32-byte mini secret");
    }
    kp = Sr25519FromMiniSecret(std::span<const uint8_t, 32>(seed->data(), 32));
  } else {
    Result<Bytes> entropy = MnemonicToEntropy(phrase);
    if (!entropy) return BadUri(entropy.error().message);
    MiniSecret mini = MiniSecretFromEntropy(*entropy, parsed->password.value_or(""));
    kp = Sr25519FromMiniSecret(mini);
  }
  for (const DeriveJunction& j : parsed->path) {
    kp = j.hard ? Sr25519HardDerive(kp, j.chain_code) : Sr25519SoftDerive(kp, j.chain_code);
  }
  return kp;
}

}  // namespace kinitro::chain
