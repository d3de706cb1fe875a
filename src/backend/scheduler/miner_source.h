// Where the scheduler learns the miner set: (uid, hotkey, raw commitment) plus the current block.
// Implementations: a JSON file (local mode and tests) and, later, the chain.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "util/result.h"

namespace kinitro::backend {

struct MinerEntry {
  int uid = 0;
  std::string hotkey;      // SS58
  std::string commitment;  // raw on-chain text; parsed and validated by the scheduler
};

class MinerSource {
 public:
  virtual ~MinerSource() = default;
  // The block the cycle is labelled with.
  virtual Result<int64_t> CurrentBlock() = 0;
  // Every registered miner with its raw commitment (empty if none), in uid order.
  virtual Result<std::vector<MinerEntry>> ReadMiners() = 0;
};

// Reads {"block": N (optional), "miners": [{"uid": 0, "hotkey": "5F…", "commitment": "{…}"}, …]}
// from a file, re-read on every call (edit it between cycles). Without "block" the block is the
// Unix time in seconds. Errors name the file and the field.
class JsonFileMinerSource final : public MinerSource {
 public:
  explicit JsonFileMinerSource(std::filesystem::path path) : path_(std::move(path)) {}
  Result<int64_t> CurrentBlock() override;
  Result<std::vector<MinerEntry>> ReadMiners() override;

 private:
  std::filesystem::path path_;
};

}  // namespace kinitro::backend
