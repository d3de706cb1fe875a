// The table of MetaWorld tasks kinitro can simulate, looked up by env id.
#pragma once

#include <span>
#include <string>
#include <string_view>

#include "sim/task.h"

namespace kinitro::sim {

// Every registered task, sorted by env id.
std::span<const TaskSpec* const> AllTasks();

// The task for a Kinitro env id ("metaworld/push-v3") or a MetaWorld task name ("push-v3").
// Throws std::invalid_argument listing the valid env ids.
const TaskSpec& FindTask(std::string_view env_id_or_name);

// "metaworld/button-press-v3, metaworld/door-open-v3, ..." for error messages.
std::string ValidEnvIds();

}  // namespace kinitro::sim
