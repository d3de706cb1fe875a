#include "sim/tasks/registry.h"

#include <array>
#include <stdexcept>

namespace kinitro::sim {

// one line per task, sorted by env id; each is defined in its own file next to this one
extern constinit const TaskSpec kButtonPressTopdownV3;
extern constinit const TaskSpec kDoorOpenV3;
extern constinit const TaskSpec kDrawerCloseV3;
extern constinit const TaskSpec kDrawerOpenV3;
extern constinit const TaskSpec kPegInsertSideV3;
extern constinit const TaskSpec kPickPlaceV3;
extern constinit const TaskSpec kPushV3;
extern constinit const TaskSpec kReachV3;

namespace {
const std::array<const TaskSpec*, 8> kTasks = {
    &kButtonPressTopdownV3, &kDoorOpenV3, &kDrawerCloseV3, &kDrawerOpenV3,
    &kPegInsertSideV3,      &kPickPlaceV3, &kPushV3,      &kReachV3,
};
}  // namespace

std::span<const TaskSpec* const> AllTasks() { return kTasks; }

const TaskSpec& FindTask(std::string_view key) {
  for (const TaskSpec* t : kTasks) {
    if (t->env_id == key || t->name == key) return *t;
  }
  throw std::invalid_argument("unknown env id '" + std::string(key) + "' (valid: " + ValidEnvIds() + ")");
}

std::string ValidEnvIds() {
  std::string out;
  for (const TaskSpec* t : kTasks) {
    if (!out.empty()) out += ", ";
    out += t->env_id;
  }
  return out;
}

}  // namespace kinitro::sim
