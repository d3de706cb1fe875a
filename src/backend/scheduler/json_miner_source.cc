#include <nlohmann/json.hpp>

#include <chrono>
#include <fstream>
#include <sstream>

#include "backend/scheduler/miner_source.h"

namespace kinitro::backend {
namespace {

using nlohmann::json;

Result<json> ReadJson(const std::filesystem::path& path) {
  std::ifstream in(path);
  if (!in) return Error{ErrorKind::kIo, "cannot read miner file " + path.string()};
  std::stringstream ss;
  ss << in.rdbuf();
  json j = json::parse(ss.str(), nullptr, false);
  if (j.is_discarded() || !j.is_object()) return Error{ErrorKind::kBadJson, "miner file " + path.string() + " is not a JSON object"};
  return j;
}

}  // namespace

Result<int64_t> JsonFileMinerSource::CurrentBlock() {
  auto j = ReadJson(path_);
  if (!j) return j.error();
  if (j->contains("block")) {
    if (!(*j)["block"].is_number_integer()) return Error{ErrorKind::kBadShape, path_.string() + ": \"block\" must be an integer"};
    return (*j)["block"].get<int64_t>();
  }
  return int64_t(std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count());
}

Result<std::vector<MinerEntry>> JsonFileMinerSource::ReadMiners() {
  auto j = ReadJson(path_);
  if (!j) return j.error();
  if (!j->contains("miners") || !(*j)["miners"].is_array()) {
    return Error{ErrorKind::kBadShape, path_.string() + ": \"miners\" must be a list"};
  }
  std::vector<MinerEntry> out;
  int index = 0;
  for (const json& m : (*j)["miners"]) {
    std::string where = path_.string() + ": miners[" + std::to_string(index++) + "]";
    if (!m.is_object() || !m.contains("uid") || !m["uid"].is_number_integer() || m["uid"].get<int64_t>() < 0 ||
        m["uid"].get<int64_t>() > 65535) {
      return Error{ErrorKind::kBadShape, where + ": \"uid\" must be an integer 0..65535"};
    }
    if (!m.contains("hotkey") || !m["hotkey"].is_string()) return Error{ErrorKind::kBadShape, where + ": \"hotkey\" must be a string"};
    MinerEntry e{.uid = m["uid"].get<int>(), .hotkey = m["hotkey"].get<std::string>()};
    // a missing or non-string commitment is that miner's problem: it is skipped with a reason later
    if (m.contains("commitment") && m["commitment"].is_string()) e.commitment = m["commitment"].get<std::string>();
    out.push_back(std::move(e));
  }
  std::sort(out.begin(), out.end(), [](const MinerEntry& a, const MinerEntry& b) { return a.uid < b.uid; });
  return out;
}

}  // namespace kinitro::backend
