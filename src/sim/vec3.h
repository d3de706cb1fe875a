// Small 3-vector arithmetic for task code (positions read from mjData are double[3]).
#pragma once

#include <array>
#include <cmath>

namespace kinitro::sim {

using Vec3 = std::array<double, 3>;

inline Vec3 ToVec3(const double* p) { return {p[0], p[1], p[2]}; }
inline Vec3 operator+(const Vec3& a, const Vec3& b) { return {a[0] + b[0], a[1] + b[1], a[2] + b[2]}; }
inline Vec3 operator-(const Vec3& a, const Vec3& b) { return {a[0] - b[0], a[1] - b[1], a[2] - b[2]}; }
inline Vec3 operator*(double s, const Vec3& a) { return {s * a[0], s * a[1], s * a[2]}; }
// element-wise product, for MetaWorld's axis-weighted distances (e.g. ⊙ (1, 2, 2))
inline Vec3 Scale(const Vec3& a, const Vec3& w) { return {a[0] * w[0], a[1] * w[1], a[2] * w[2]}; }
inline double Norm(const Vec3& a) { return std::sqrt(a[0] * a[0] + a[1] * a[1] + a[2] * a[2]); }
inline double NormXY(const Vec3& a) { return std::sqrt(a[0] * a[0] + a[1] * a[1]); }
inline double NormXZ(const Vec3& a) { return std::sqrt(a[0] * a[0] + a[2] * a[2]); }
inline double NormYZ(const Vec3& a) { return std::sqrt(a[1] * a[1] + a[2] * a[2]); }

}  // namespace kinitro::sim
