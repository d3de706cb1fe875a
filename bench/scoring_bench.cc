// Scoring one cycle (spec/scoring.md): 256 miners × 8 envs, the subnet's size, must take well under a
// second. Baseline in the same binary: the reference's per-subset scan (§5.1–§5.3) without masks.
#include <benchmark/benchmark.h>

#include <random>
#include <vector>

#include "scoring/scoring.h"

namespace {

using kinitro::scoring::Rates;

constexpr int kEnvs = 8;

// rates k/50 as from 50 episodes; fixed seed. `leader`: row 0 beats everybody everywhere
Rates MakeRates(int miners, bool leader) {
  std::mt19937_64 rng(42);
  std::uniform_int_distribution<int> successes(0, 50);
  Rates rates(miners, std::vector<double>(kEnvs));
  for (auto& row : rates) {
    for (double& r : row) r = successes(rng) / 50.0;
  }
  if (leader) rates[0].assign(kEnvs, 1.0);
  return rates;
}

// §5.3 literally: for each subset, scan candidates and test ε-dominance against every other miner
std::vector<double> NaiveSubsetPoints(const Rates& rates, const std::vector<double>& eps) {
  const size_t n = rates.size();
  std::vector<double> points(n, 0.0);
  for (unsigned s = 1; s < (1u << kEnvs); ++s) {
    for (size_t c = 0; c < n; ++c) {
      bool wins = true;
      for (size_t o = 0; o < n && wins; ++o) {
        if (o == c) continue;
        bool all_ge = true, any_gt = false;
        for (int e = 0; e < kEnvs; ++e) {
          if (!(s >> e & 1)) continue;
          all_ge = all_ge && rates[c][e] >= rates[o][e] - eps[e];
          any_gt = any_gt || rates[c][e] > rates[o][e] + eps[e];
        }
        wins = all_ge && any_gt;
      }
      if (wins) {
        points[c] += __builtin_popcount(s);
        break;
      }
    }
  }
  return points;
}

void BM_Score(benchmark::State& state) {
  const Rates rates = MakeRates(static_cast<int>(state.range(0)), state.range(1) != 0);
  for (auto _ : state) benchmark::DoNotOptimize(kinitro::scoring::Score(rates));
  state.SetItemsProcessed(state.iterations() * state.range(0));  // miners/s
}
BENCHMARK(BM_Score)->ArgNames({"miners", "leader"})->ArgsProduct({{16, 256}, {0, 1}})->Unit(benchmark::kMicrosecond);

void BM_Epsilons(benchmark::State& state) {
  const Rates rates = MakeRates(static_cast<int>(state.range(0)), false);
  for (auto _ : state) benchmark::DoNotOptimize(kinitro::scoring::Epsilons(rates, 50));
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_Epsilons)->ArgName("miners")->Arg(256)->Unit(benchmark::kMicrosecond);

void BM_SubsetPoints(benchmark::State& state) {
  const Rates rates = MakeRates(static_cast<int>(state.range(0)), state.range(1) != 0);
  const std::vector<double> eps = kinitro::scoring::Epsilons(rates, 50);
  for (auto _ : state) benchmark::DoNotOptimize(kinitro::scoring::ComputeSubsetPoints(rates, eps));
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_SubsetPoints)->ArgNames({"miners", "leader"})->ArgsProduct({{256}, {0, 1}})->Unit(benchmark::kMicrosecond);

void BM_SubsetPointsNaive(benchmark::State& state) {
  const Rates rates = MakeRates(static_cast<int>(state.range(0)), state.range(1) != 0);
  const std::vector<double> eps = kinitro::scoring::Epsilons(rates, 50);
  // the baseline must agree with the library, or the comparison means nothing
  if (NaiveSubsetPoints(rates, eps) != kinitro::scoring::ComputeSubsetPoints(rates, eps).points) {
    state.SkipWithError("naive and mask subset points differ");
    return;
  }
  for (auto _ : state) benchmark::DoNotOptimize(NaiveSubsetPoints(rates, eps));
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_SubsetPointsNaive)->ArgNames({"miners", "leader"})->ArgsProduct({{256}, {0, 1}})->Unit(benchmark::kMicrosecond);

}  // namespace
