#include "cli/env_list.h"

#include <algorithm>
#include <sstream>
#include <stdexcept>

#include "sim/tasks/registry.h"

namespace kinitro::cli {

std::vector<std::string> RegistryEnvIds() {
  std::vector<std::string> ids;
  for (const sim::TaskSpec* t : sim::AllTasks()) ids.emplace_back(t->env_id);
  return ids;
}

std::vector<std::string> ParseEnvList(const std::string& list) {
  if (list == "all") return RegistryEnvIds();
  std::vector<std::string> out;
  std::stringstream ss(list);
  for (std::string item; std::getline(ss, item, ',');) {
    if (item.empty()) continue;
    std::string id(sim::FindTask(item).env_id);  // throws with the valid ids
    if (std::find(out.begin(), out.end(), id) == out.end()) out.push_back(id);
  }
  if (out.empty()) throw std::invalid_argument("--env is empty (use all or a list like metaworld/push-v3,metaworld/reach-v3)");
  return out;
}

}  // namespace kinitro::cli
