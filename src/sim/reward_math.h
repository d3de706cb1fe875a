// MetaWorld's "v2" reward building blocks (spec/metaworld.md §1.11).
#pragma once

#include "sim/vec3.h"

namespace kinitro::sim {

enum class Sigmoid { kLongTail, kGaussian };

// dm_control's tolerance with value_at_margin = 0.1: 1 inside [lo, hi], decaying outside over
// `margin`; 0 outside when margin == 0. Throws std::invalid_argument if lo > hi or margin < 0.
double Tolerance(double x, double lo, double hi, double margin, Sigmoid sigmoid = Sigmoid::kLongTail);

// Hamacher product a·b / (a + b − a·b), 0 when the denominator is 0; a, b in [0, 1]
// (throws std::invalid_argument otherwise, as MetaWorld does).
double Hamacher(double a, double b);

// Rectangular-prism tolerance: product over axes of (c − zero)/(one − zero) when c lies between
// zero and one on every axis, else 1.
double RectPrismTolerance(const Vec3& c, const Vec3& zero, const Vec3& one);

// Inputs of MetaWorld's generic gripper-caging reward (SawyerXYZEnv._gripper_caging_reward).
struct CagingInput {
  double grip_action;              // a[3]
  Vec3 obj, obj_init;              // object now and at reset
  Vec3 tcp, init_tcp;              // tool centre point now and after hand settling
  double left_pad_y, right_pad_y;  // xpos(leftpad).y, xpos(rightpad).y
  double obj_radius, pad_success_thresh, object_reach_radius, xz_thresh;
  bool high_density = false, medium_density = false;
};
// The caging reward in [0, 1]; throws std::invalid_argument if both densities are requested.
double GripperCagingReward(const CagingInput& in);

}  // namespace kinitro::sim
