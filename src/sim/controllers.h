// In-process controllers for `kinitro sim run`: the task's scripted expert, a seeded random
// policy and the zero action. (HTTP policies live in src/policy/.)
#pragma once

#include <cstdint>
#include <memory>
#include <string_view>

#include "sim/env.h"

namespace kinitro::sim {

class Controller {
 public:
  virtual ~Controller() = default;
  // Called before each episode with its seed (random controllers derive their stream from it).
  virtual void Reset(uint64_t seed) = 0;
  // The action for the env's current state.
  virtual Action Act(const Env& env) = 0;
};

// "expert", "random" or "zero"; throws std::invalid_argument listing these for anything else.
std::unique_ptr<Controller> MakeController(std::string_view name);

}  // namespace kinitro::sim
