// The --env flag of eval, scheduler and executor: "all" or a comma-separated list.
#pragma once

#include <string>
#include <vector>

namespace kinitro::cli {

// Every registered env id, in registry order.
std::vector<std::string> RegistryEnvIds();

// "all" → every env id; otherwise each item (env id or MetaWorld task name) as its env id,
// duplicates dropped. Throws std::invalid_argument for an unknown item (listing the valid ids)
// or an empty list.
std::vector<std::string> ParseEnvList(const std::string& list);

}  // namespace kinitro::cli
