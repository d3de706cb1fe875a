// The scripted experts' shared move: a saturating P-controller towards a target (spec §3.0).
#pragma once

#include "sim/task.h"
#include "sim/vec3.h"

namespace kinitro::sim {

// a[0:3] = p · (to − hand), which the env clips to [−1, 1] (≤ 1 cm per step); a[3] = grip.
inline Action MoveTo(const Vec3& hand, const Vec3& to, double p, double grip) {
  return {p * (to[0] - hand[0]), p * (to[1] - hand[1]), p * (to[2] - hand[2]), grip};
}

}  // namespace kinitro::sim
