// Episode seeds of a cycle: reproducible from (cycle id, env id, episode index) for auditing, not
// predictable by miners before the cycle starts.
//
// The operator holds a secret (scheduler flag --seed-secret-file / KINITRO_SEED_SECRET). Each
// cycle's key is HMAC-SHA256(secret, "kinitro-cycle-v1/<cycle id>"); publishing that key after
// the cycle lets anyone recompute and audit its seeds, while future cycles' keys stay unknown.
// Every miner gets the same seeds in a cycle, so they face the same object and goal placements.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace kinitro::backend {

using CycleKey = std::array<uint8_t, 32>;

// The cycle's seed key.
CycleKey DeriveCycleKey(std::string_view operator_secret, int64_t cycle_id);

// A 31-bit seed (fits the reference's INTEGER column and every miner's parser):
// first 4 bytes, big-endian, of HMAC-SHA256(key, "<env id>/<episode index>") & 0x7FFFFFFF.
int64_t EpisodeSeed(const CycleKey& key, std::string_view env_id, int episode_index);

// A random lower-case hyphenated UUIDv4 (task handles for executors).
std::string RandomUuid();

}  // namespace kinitro::backend
