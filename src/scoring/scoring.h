// ε-Pareto subset winners-take-all scoring (spec/scoring.md): success rates → ε → points → weights
// → u16. Pure functions over plain numbers, no I/O. Every function throws std::invalid_argument on
// invalid input (NaN or out-of-range rates, ragged matrices, negative episode counts, T ≤ 0, ...).
// Thread: all functions are reentrant.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace kinitro::scoring {

// Success rates in [0, 1]: rates[i][j] is miner i on env j; an absent (miner, env) pair is 0.0
// (§2). Rows are in the caller's miner order (use ascending uid, §10); all rows have the same length.
using Rates = std::vector<std::vector<double>>;

// Envs a subset is a bitmask over, so subset enumeration (2^m − 1 subsets) is bounded.
inline constexpr size_t kMaxEnvs = 16;

//---- ε per environment (§3) ----

// NumPy's float32 population std (ddof 0) of `rates` rounded to float32, bit-exact; needs ≥ 1 rate.
float StdF32(std::span<const double> rates);

// ε of one env column: min(max(2·std/√N, 0.01), 0.2) with std = StdF32; 0.2 when N ≤ 1.
double Epsilon(std::span<const double> rates, int64_t episodes_per_env);

// Same recipe with a double-precision std (the reference's unit-test path); not used for weights.
double EpsilonF64(std::span<const double> rates, int64_t episodes_per_env);

// Epsilon() of every env column of `rates`, shape (m); empty when there are no miners.
std::vector<double> Epsilons(const Rates& rates, int64_t episodes_per_env);

//---- dominance and the informational Pareto frontier (§4) ----

// a ≻ b on all envs: a_e ≥ b_e − ε_e everywhere and a_e > b_e + ε_e somewhere; false with no envs.
bool Dominates(std::span<const double> a, std::span<const double> b, std::span<const double> epsilons);

// Indices of the miners no other miner ε-dominates on all envs, compared in float32 as the
// reference does; in row order. Logging only: weights never depend on it.
std::vector<size_t> ParetoFrontier(const Rates& rates, std::span<const double> epsilons);

//---- subset winners-take-all points (§5) ----

// K_k awarded for winning a subset of k envs (§5.2).
enum class SubsetWeighting {
  kLinear,       // k (the scheduler's scheme)
  kExponential,  // 2^(k−1)
  kEqual,        // 1
};

struct SubsetPoints {
  std::vector<double> points;     // (n) sum of K_k over the subsets each miner wins; exact integers
  int64_t contested_subsets = 0;  // subsets two miners both win by IEEE rounding (§5.4); awarded
                                  // to the first in row order, as the reference does
};

// Points of every miner over all 2^m − 1 env subsets; a subset nobody wins (any ε-tie, exact
// copies) awards nothing. Needs m ≤ kMaxEnvs; a single miner wins every subset.
SubsetPoints ComputeSubsetPoints(const Rates& rates, std::span<const double> epsilons,
                                 SubsetWeighting weighting = SubsetWeighting::kLinear);

//---- points → weights → u16 (§6–§8) ----

// Softmax of points at temperature T (> 0) with NumPy's summation; uniform 1/n when every point is
// 0; then the optional min_weight floor of §6.4 (0 disables it). Empty in, empty out.
std::vector<double> Softmax(std::span<const double> points, double temperature, double min_weight = 0.0);

// weights_to_u16 (§7): trunc(65535 · w/Σw) per miner, zeros kept, Σ ≤ 65535; uniform if Σw = 0.
std::vector<uint16_t> WeightsToU16(std::span<const double> weights);

struct ChainWeights {
  std::vector<uint16_t> uids;    // destinations, in input order, zero entries dropped
  std::vector<uint16_t> values;  // round-half-even(65535 · v / max v); the largest is 65535
};

// What the bittensor SDK 10.0.1 submits for a u16 list (§8): max-scaled, zeros dropped; empty when
// the sum is 0. `uids` and `u16` must have the same length.
ChainWeights ToChainWeights(std::span<const uint16_t> uids, std::span<const uint16_t> u16);

//---- the whole pipeline (compute_weights, §1) ----

struct ScoreOptions {
  int64_t episodes_per_env = 50;                        // N in §3: configured, not actual, count
  double temperature = 1.0;                             // T in §6 (pareto_temperature), > 0
  SubsetWeighting weighting = SubsetWeighting::kLinear;  // §5.2
};

struct Scores {
  std::vector<double> epsilons;    // (m) ε per env; empty when there are no miners
  std::vector<size_t> frontier;    // row indices on the Pareto frontier (informational)
  std::vector<double> points;      // (n) subset points
  std::vector<double> weights;     // (n) softmax weights, sum ≈ 1
  std::vector<uint16_t> u16;       // (n) WeightsToU16(weights), row order, zeros kept
  int64_t contested_subsets = 0;   // see SubsetPoints
};

// ε, frontier, points, weights and u16 for one cycle; no miners gives all-empty Scores (§9).
Scores Score(const Rates& rates, const ScoreOptions& options = {});

}  // namespace kinitro::scoring
