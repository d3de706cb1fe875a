// Hashes of spec/chain.md §3 and storage keys of §4.1. twox = XXH64 (libxxhash) written little-endian;
// blake2 = unkeyed BLAKE2b (libsodium). All functions are pure and thread-safe.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>
#include <vector>

#include "chain/bytes.h"

namespace kinitro::chain {

//---- Hashes ----

std::array<uint8_t, 8> Twox64(ByteSpan data);     // XXH64 seed 0, LE
std::array<uint8_t, 16> Twox128(ByteSpan data);   // seeds 0, 1
std::array<uint8_t, 32> Twox256(ByteSpan data);   // seeds 0..3
std::array<uint8_t, 16> Blake2_128(ByteSpan data);
std::array<uint8_t, 32> Blake2_256(ByteSpan data);
std::array<uint8_t, 64> Blake2b512(ByteSpan data);

//---- Storage keys ----

// Storage map hashers; the values are the metadata enum indices (§4.1).
enum class Hasher : uint8_t {
  kBlake2_128 = 0,
  kBlake2_256 = 1,
  kBlake2_128Concat = 2,
  kTwox128 = 3,
  kTwox256 = 4,
  kTwox64Concat = 5,
  kIdentity = 6,
};

// The hasher with metadata index `index`; kBadShape for an index outside 0..6.
Result<Hasher> HasherFromIndex(uint8_t index);

// Applies `hasher` to an already SCALE-encoded map key (`…Concat` appends the key itself).
Bytes HashStorageKeyPart(Hasher hasher, ByteSpan encoded_key);

// One map key of a storage item: its hasher and its SCALE encoding.
struct StorageMapKey {
  Hasher hasher;
  Bytes encoded;  // SCALE encoding of the key value
};

// twox128(pallet) ‖ twox128(item) ‖ hasher_i(key_i)… ; pallet and item are the metadata names
// ("System", "Account").
Bytes StorageKey(std::string_view pallet, std::string_view item,
                 const std::vector<StorageMapKey>& keys = {});

}  // namespace kinitro::chain
