#include "sim/reward_math.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

namespace kinitro::sim {

double Tolerance(double x, double lo, double hi, double margin, Sigmoid sigmoid) {
  if (lo > hi) throw std::invalid_argument("tolerance: lower bound " + std::to_string(lo) + " > upper bound " + std::to_string(hi));
  if (margin < 0) throw std::invalid_argument("tolerance: negative margin " + std::to_string(margin));
  if (x >= lo && x <= hi) return 1.0;
  if (margin == 0) return 0.0;
  double d = (x < lo ? lo - x : x - hi) / margin;
  // both sigmoids are scaled so that the value at d = 1 is 0.1, computed in MetaWorld's
  // (dm_control's) operation order so that rewards match it to the last bit, not just in value
  switch (sigmoid) {
    case Sigmoid::kLongTail: {
      const double scale = std::sqrt(1 / 0.1 - 1);  // = 3
      return 1 / ((d * scale) * (d * scale) + 1);
    }
    case Sigmoid::kGaussian: {
      const double scale = std::sqrt(-2 * std::log(0.1));
      return std::exp(-0.5 * ((d * scale) * (d * scale)));
    }
  }
  throw std::invalid_argument("tolerance: unknown sigmoid");
}

double Hamacher(double a, double b) {
  // a tiny tolerance: MetaWorld's inputs come from tolerance values, which are exactly in [0, 1]
  constexpr double kEps = 1e-12;
  if (a < -kEps || a > 1 + kEps || b < -kEps || b > 1 + kEps) {
    throw std::invalid_argument("hamacher product: inputs must be in [0, 1], got " + std::to_string(a) + ", " + std::to_string(b));
  }
  double denom = a + b - a * b;
  return denom > 0 ? a * b / denom : 0.0;
}

double RectPrismTolerance(const Vec3& c, const Vec3& zero, const Vec3& one) {
  auto between = [](double v, double a, double b) { return (a <= v && v <= b) || (b <= v && v <= a); };
  for (int i = 0; i < 3; ++i) {
    if (!between(c[i], zero[i], one[i])) return 1.0;
  }
  double p = 1.0;
  for (int i = 0; i < 3; ++i) p *= (c[i] - zero[i]) / (one[i] - zero[i]);
  return p;
}

double GripperCagingReward(const CagingInput& in) {
  if (in.high_density && in.medium_density) {
    throw std::invalid_argument("gripper caging reward: high_density and medium_density are exclusive");
  }
  // y: each pad should straddle the object
  auto pad_cage = [&](double pad_y) {
    double d = std::abs(pad_y - in.obj[1]);
    double d0 = std::abs(pad_y - in.obj_init[1]);
    double margin = std::abs(d0 - in.pad_success_thresh);
    return Tolerance(d, in.obj_radius, in.pad_success_thresh, margin);
  };
  double cage_y = Hamacher(pad_cage(in.left_pad_y), pad_cage(in.right_pad_y));

  // xz: the tcp should be level with the object
  double margin_xz = NormXZ(in.obj_init - in.init_tcp) - in.xz_thresh;
  double cage_xz = Tolerance(NormXZ(in.tcp - in.obj), 0.0, in.xz_thresh, margin_xz);

  double closed = std::clamp(in.grip_action, 0.0, 1.0);  // desired_gripper_effort = 1
  double cage = Hamacher(cage_y, cage_xz);
  double grip = cage > 0.97 ? closed : 0.0;
  double cg = Hamacher(cage, grip);
  if (in.high_density) cg = (cg + cage) / 2.0;
  if (in.medium_density) {
    double reach_margin = std::abs(Norm(in.obj_init - in.init_tcp) - in.object_reach_radius);
    double reach = Tolerance(Norm(in.obj - in.tcp), 0.0, in.object_reach_radius, reach_margin);
    cg = (cg + reach) / 2.0;
  }
  return cg;
}

}  // namespace kinitro::sim
