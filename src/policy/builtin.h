// Built-in policies for `kinitro serve`: zero, random and oracle.
#pragma once

#include <memory>
#include <string_view>

#include "policy/server.h"
#include "sim/model.h"

namespace kinitro::policy {

// "zero": holds still. "random": uniform actions from a generator seeded by the /reset seed
// (and, on a request that carries a seed, by that seed: same seed, same action). "oracle":
// replays the episode privately from the /reset task config (env id and seed) in its own
// simulator and answers the scripted expert's action, stepping its copy with that action, so it
// knows where the objects are: an expert-level policy reached through HTTP.
// `models` is used by "oracle" only and must outlive the factory. Throws std::invalid_argument
// listing the valid names for anything else.
PolicyFactory MakeBuiltinPolicy(std::string_view name, sim::ModelCache* models);

}  // namespace kinitro::policy
