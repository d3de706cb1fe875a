// Drawing a task's random vector (its _random_reset_space sample), shared by kinitro's seeded
// draw (Env::Reset) and the native MetaWorld benchmark generator (metaworld_tasks.cc).
#pragma once

#include <functional>
#include <vector>

#include "sim/task.h"

namespace kinitro::sim {

// Fills `out` with spec.rand.size components, component i = uniform(low[i], high[i]), redrawing
// the whole vector while the task's rejection rule refuses it, as MetaWorld's reset_model does.
// Throws std::logic_error after 10,000 refusals (a rule inconsistent with the ranges).
void DrawAcceptedRandVec(const TaskSpec& spec, const std::function<double(double low, double high)>& uniform,
                         std::vector<double>& out);

}  // namespace kinitro::sim
