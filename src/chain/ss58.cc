#include "chain/ss58.h"

#include <algorithm>
#include <stdexcept>

#include "chain/hashing.h"

namespace kinitro::chain {
namespace {

constexpr std::string_view kAlphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

Bytes PrefixBytes(uint16_t prefix) {
  if (prefix < 64) return {static_cast<uint8_t>(prefix)};
  // two-byte form: the 14-bit prefix split as Substrate's ss58-registry does
  return {static_cast<uint8_t>(((prefix & 0xfc) >> 2) | 0x40),
          static_cast<uint8_t>((prefix >> 8) | ((prefix & 0x03) << 6))};
}

std::array<uint8_t, 2> Checksum(ByteSpan data) {
  Bytes pre = {'S', 'S', '5', '8', 'P', 'R', 'E'};
  pre.insert(pre.end(), data.begin(), data.end());
  std::array<uint8_t, 64> h = Blake2b512(pre);
  return {h[0], h[1]};
}

}  // namespace

std::string Base58Encode(ByteSpan bytes) {
  // big-number base conversion 256 -> 58, digits kept little-endian
  size_t zeros = 0;
  while (zeros < bytes.size() && bytes[zeros] == 0) ++zeros;
  std::vector<uint8_t> digits;
  for (size_t i = zeros; i < bytes.size(); ++i) {
    int carry = bytes[i];
    for (uint8_t& d : digits) {
      carry += d * 256;
      d = static_cast<uint8_t>(carry % 58);
      carry /= 58;
    }
    while (carry > 0) {
      digits.push_back(static_cast<uint8_t>(carry % 58));
      carry /= 58;
    }
  }
  std::string out(zeros, '1');
  for (auto it = digits.rbegin(); it != digits.rend(); ++it) out.push_back(kAlphabet[*it]);
  return out;
}

Result<Bytes> Base58Decode(std::string_view text) {
  size_t ones = 0;
  while (ones < text.size() && text[ones] == '1') ++ones;
  std::vector<uint8_t> bytes;  // little-endian
  for (size_t i = ones; i < text.size(); ++i) {
    size_t digit = kAlphabet.find(text[i]);
    if (digit == std::string_view::npos) {
      return Error{ErrorKind::kInvalidArgument,
                   "invalid base58 character '" + std::string(1, text[i]) + "' at position " +
                       std::to_string(i) + " (base58 has no 0, O, I or l)"};
    }
    int carry = static_cast<int>(digit);
    for (uint8_t& b : bytes) {
      carry += b * 58;
      b = static_cast<uint8_t>(carry & 0xff);
      carry >>= 8;
    }
    while (carry > 0) {
      bytes.push_back(static_cast<uint8_t>(carry & 0xff));
      carry >>= 8;
    }
  }
  Bytes out(ones, 0);
  out.insert(out.end(), bytes.rbegin(), bytes.rend());
  return out;
}

std::string Ss58Encode(const AccountId& account, uint16_t prefix) {
  if (prefix > 16383) {
    throw std::invalid_argument("SS58 prefix " + std::to_string(prefix) + " out of range (valid: 0..16383)");
  }
  Bytes data = PrefixBytes(prefix);
  data.insert(data.end(), account.begin(), account.end());
  std::array<uint8_t, 2> sum = Checksum(data);
  data.insert(data.end(), sum.begin(), sum.end());
  return Base58Encode(data);
}

Result<Ss58Address> Ss58Decode(std::string_view address) {
  Result<Bytes> raw = Base58Decode(address);
  if (!raw) return Error{raw.error().kind, "SS58 address '" + std::string(address) + "': " + raw.error().message};
  const Bytes& d = *raw;
  auto fail = [&](const std::string& why) {
    return Error{ErrorKind::kInvalidArgument, "SS58 address '" + std::string(address) + "': " + why};
  };
  if (d.empty()) return fail("empty");
  if (d[0] >= 128) return fail("reserved prefix byte " + std::to_string(d[0]));
  // prefix, then the 32-byte account, then a 2-byte checksum
  size_t prefix_len = d[0] < 64 ? 1 : 2;
  if (d.size() != prefix_len + 32 + 2) {
    return fail("decodes to " + std::to_string(d.size()) + " bytes, expected " +
                std::to_string(prefix_len + 34) + " for a 32-byte account id");
  }
  uint16_t prefix = prefix_len == 1
                        ? d[0]
                        : static_cast<uint16_t>(((d[0] & 0x3f) << 2) | (d[1] >> 6) | ((d[1] & 0x3f) << 8));
  ByteSpan body(d.data(), prefix_len + 32);
  std::array<uint8_t, 2> sum = Checksum(body);
  if (sum[0] != d[prefix_len + 32] || sum[1] != d[prefix_len + 33]) return fail("checksum mismatch");
  Ss58Address out{};
  std::copy_n(d.begin() + prefix_len, 32, out.account.begin());
  out.prefix = prefix;
  return out;
}

Result<AccountId> Ss58DecodeAccount(std::string_view address, uint16_t expected_prefix) {
  Result<Ss58Address> a = Ss58Decode(address);
  if (!a) return a.error();
  if (a->prefix != expected_prefix) {
    return Error{ErrorKind::kInvalidArgument, "SS58 address '" + std::string(address) + "' has prefix " +
                                                  std::to_string(a->prefix) + ", expected " +
                                                  std::to_string(expected_prefix)};
  }
  return a->account;
}

}  // namespace kinitro::chain
