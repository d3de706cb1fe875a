#include "chain/hashing.h"

#include <sodium.h>
#include <xxhash.h>

#include <string>

namespace kinitro::chain {
namespace {

template <size_t N>
std::array<uint8_t, N> Twox(ByteSpan data) {
  // N / 8 XXH64 runs with seeds 0, 1, ..., each written little-endian
  std::array<uint8_t, N> out{};
  for (size_t seed = 0; seed < N / 8; ++seed) {
    uint64_t h = XXH64(data.data(), data.size(), seed);
    for (int i = 0; i < 8; ++i) out[8 * seed + i] = static_cast<uint8_t>(h >> (8 * i));
  }
  return out;
}

template <size_t N>
std::array<uint8_t, N> Blake2b(ByteSpan data) {
  std::array<uint8_t, N> out{};
  crypto_generichash(out.data(), N, data.data(), data.size(), nullptr, 0);
  return out;
}

void Append(Bytes& out, ByteSpan part) { out.insert(out.end(), part.begin(), part.end()); }

}  // namespace

std::array<uint8_t, 8> Twox64(ByteSpan data) { return Twox<8>(data); }
std::array<uint8_t, 16> Twox128(ByteSpan data) { return Twox<16>(data); }
std::array<uint8_t, 32> Twox256(ByteSpan data) { return Twox<32>(data); }
std::array<uint8_t, 16> Blake2_128(ByteSpan data) { return Blake2b<16>(data); }
std::array<uint8_t, 32> Blake2_256(ByteSpan data) { return Blake2b<32>(data); }
std::array<uint8_t, 64> Blake2b512(ByteSpan data) { return Blake2b<64>(data); }

Result<Hasher> HasherFromIndex(uint8_t index) {
  if (index > static_cast<uint8_t>(Hasher::kIdentity)) {
    return Error{ErrorKind::kBadShape, "unknown storage hasher index " + std::to_string(index) +
                                           " (valid: 0..6, Blake2_128..Identity)"};
  }
  return static_cast<Hasher>(index);
}

Bytes HashStorageKeyPart(Hasher hasher, ByteSpan key) {
  Bytes out;
  switch (hasher) {
    case Hasher::kBlake2_128: Append(out, Blake2_128(key)); break;
    case Hasher::kBlake2_256: Append(out, Blake2_256(key)); break;
    case Hasher::kBlake2_128Concat: Append(out, Blake2_128(key)); Append(out, key); break;
    case Hasher::kTwox128: Append(out, Twox128(key)); break;
    case Hasher::kTwox256: Append(out, Twox256(key)); break;
    case Hasher::kTwox64Concat: Append(out, Twox64(key)); Append(out, key); break;
    case Hasher::kIdentity: Append(out, key); break;
  }
  return out;
}

Bytes StorageKey(std::string_view pallet, std::string_view item, const std::vector<StorageMapKey>& keys) {
  Bytes out;
  Append(out, Twox128(AsBytes(pallet)));
  Append(out, Twox128(AsBytes(item)));
  for (const StorageMapKey& k : keys) Append(out, HashStorageKeyPart(k.hasher, k.encoded));
  return out;
}

}  // namespace kinitro::chain
