// The scheduler's compute_weights (spec/scoring.md §1–§7) over one cycle's success rates.
#include <utility>

#include "scoring/scoring.h"
#include "scoring/validate.h"

namespace kinitro::scoring {

Scores Score(const Rates& rates, const ScoreOptions& options) {
  // §2 guard order: temperature first, then the empty map
  CheckTemperature(options.temperature);
  CheckEpisodes(options.episodes_per_env);
  CheckRates(rates);
  Scores out;
  if (rates.empty()) return out;

  out.epsilons = Epsilons(rates, options.episodes_per_env);
  out.frontier = ParetoFrontier(rates, out.epsilons);
  SubsetPoints points = ComputeSubsetPoints(rates, out.epsilons, options.weighting);
  out.points = std::move(points.points);
  out.contested_subsets = points.contested_subsets;
  out.weights = Softmax(out.points, options.temperature);
  out.u16 = WeightsToU16(out.weights);
  return out;
}

}  // namespace kinitro::scoring
