// `kinitro score --input FILE.json [--json]`: the ε-Pareto weights of one cycle's success rates
// (spec/scoring.md), from a JSON file, without any backend.
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <limits>
#include <memory>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "cli/commands.h"
#include "scoring/scoring.h"

namespace kinitro::cli {
namespace {

using nlohmann::json;

struct ScoreFlags {
  std::string input;
  bool json = false;
};

// the parsed input file; rows of `rates` follow `uids` (ascending), columns follow `env_ids`
struct ScoreInput {
  std::vector<std::string> env_ids;
  scoring::ScoreOptions options;
  std::vector<uint16_t> uids;
  scoring::Rates rates;
};

// one error line naming the file and the problem
[[noreturn]] void Bad(const std::string& file, const std::string& problem) {
  throw std::runtime_error("'" + file + "': " + problem);
}

// shortest decimal that round-trips to the same double
std::string Shortest(double x) {
  char buf[32];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, x);
  return ec == std::errc() ? std::string(buf, end) : std::to_string(x);
}

json ReadJson(const std::string& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) Bad(file, std::string("cannot open the input file: ") + std::strerror(errno));
  std::stringstream text;
  text << in.rdbuf();
  try {
    return json::parse(text.str());
  } catch (const json::exception& e) {
    // parse_error, or out_of_range for a number like 1e999
    Bad(file, std::string("not valid JSON: ") + e.what());
  }
}

// uids are decimal strings "0".."65535" without sign, spaces or leading zeros
uint16_t ParseUid(const std::string& file, const std::string& key) {
  unsigned value = 0;
  auto [end, ec] = std::from_chars(key.data(), key.data() + key.size(), value);
  const bool canonical = !key.empty() && (key == "0" || key[0] != '0');
  if (ec != std::errc() || end != key.data() + key.size() || !canonical || value > 65535) {
    Bad(file, "miners: key '" + key + "' is not a uid (valid: an integer 0..65535 written as a string, e.g. \"42\")");
  }
  return static_cast<uint16_t>(value);
}

std::vector<std::string> ParseEnvIds(const std::string& file, const json& doc) {
  if (!doc.contains("env_ids")) Bad(file, "missing field 'env_ids' (an array of env id strings)");
  const json& ids = doc["env_ids"];
  if (!ids.is_array()) Bad(file, "field 'env_ids' must be an array of strings, got " + std::string(ids.type_name()));
  std::vector<std::string> env_ids;
  std::set<std::string> seen;
  for (size_t j = 0; j < ids.size(); ++j) {
    if (!ids[j].is_string()) {
      Bad(file, "field 'env_ids[" + std::to_string(j) + "]' must be a string, got " + ids[j].type_name());
    }
    const std::string id = ids[j].get<std::string>();
    if (!seen.insert(id).second) Bad(file, "field 'env_ids' lists '" + id + "' twice");
    env_ids.push_back(id);
  }
  if (env_ids.size() > scoring::kMaxEnvs) {
    Bad(file, "field 'env_ids' has " + std::to_string(env_ids.size()) + " envs (at most " +
                  std::to_string(scoring::kMaxEnvs) + " can be scored: every subset is enumerated)");
  }
  return env_ids;
}

void ParseOptions(const std::string& file, const json& doc, scoring::ScoreOptions& options) {
  if (doc.contains("episodes_per_env")) {
    const json& n = doc["episodes_per_env"];
    if (!n.is_number_integer()) {
      Bad(file, "field 'episodes_per_env' must be an integer, got " + std::string(n.type_name()) + " " + n.dump());
    }
    if (n.is_number_unsigned() && n.get<uint64_t>() > uint64_t(std::numeric_limits<int64_t>::max())) {
      Bad(file, "field 'episodes_per_env' is too large: " + n.dump());
    }
    options.episodes_per_env = n.get<int64_t>();
    if (options.episodes_per_env < 0) Bad(file, "field 'episodes_per_env' is " + n.dump() + " (valid: >= 0)");
  }
  if (doc.contains("temperature")) {
    const json& t = doc["temperature"];
    if (!t.is_number()) Bad(file, "field 'temperature' must be a number, got " + std::string(t.type_name()));
    options.temperature = t.get<double>();
    if (!(options.temperature > 0.0)) {
      Bad(file, "field 'temperature' is " + t.dump() + " (pareto_temperature must be > 0)");
    }
  }
}

// one row per uid, ascending (json objects iterate their keys as strings, so sort numerically)
void ParseMiners(const std::string& file, const json& doc, ScoreInput& in) {
  if (!doc.contains("miners")) Bad(file, "missing field 'miners' (an object uid -> {env id: success rate})");
  const json& miners = doc["miners"];
  if (!miners.is_object()) Bad(file, "field 'miners' must be an object, got " + std::string(miners.type_name()));
  std::vector<std::pair<uint16_t, const json*>> rows;
  for (const auto& [key, row] : miners.items()) rows.emplace_back(ParseUid(file, key), &row);
  std::sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  for (size_t i = 1; i < rows.size(); ++i) {
    if (rows[i].first == rows[i - 1].first) Bad(file, "miners: uid " + std::to_string(rows[i].first) + " appears twice");
  }

  for (const auto& [uid, row] : rows) {
    const std::string field = "miners.\"" + std::to_string(uid) + "\"";
    if (!row->is_object()) Bad(file, "field '" + field + "' must be an object env id -> success rate, got " + row->type_name());
    // a missing env counts as 0.0 (spec/scoring.md §2)
    std::vector<double> rates(in.env_ids.size(), 0.0);
    for (const auto& [env, value] : row->items()) {
      auto it = std::find(in.env_ids.begin(), in.env_ids.end(), env);
      if (it == in.env_ids.end()) {
        std::string valid;
        for (const auto& id : in.env_ids) valid += (valid.empty() ? "" : ", ") + id;
        Bad(file, "field '" + field + "' has env '" + env + "', which is not in env_ids (valid: " + valid + ")");
      }
      const std::string where = field + ".\"" + env + "\"";
      if (!value.is_number()) Bad(file, "field '" + where + "' must be a number, got " + std::string(value.type_name()));
      const double rate = value.get<double>();
      if (!(rate >= 0.0 && rate <= 1.0)) Bad(file, "field '" + where + "' is " + value.dump() + " (valid: a success rate in [0, 1])");
      rates[it - in.env_ids.begin()] = rate;
    }
    in.uids.push_back(uid);
    in.rates.push_back(std::move(rates));
  }
}

// unknown top-level keys are ignored; known ones must have the documented types
ScoreInput ReadInput(const std::string& file) {
  const json doc = ReadJson(file);
  if (!doc.is_object()) Bad(file, "the top level must be an object with 'env_ids' and 'miners', got " + std::string(doc.type_name()));
  ScoreInput in;
  in.env_ids = ParseEnvIds(file, doc);
  ParseOptions(file, doc, in.options);
  ParseMiners(file, doc, in);
  return in;
}

void PrintJson(const ScoreInput& in, const scoring::Scores& s) {
  nlohmann::ordered_json out;
  out["epsilons"] = nlohmann::ordered_json::object();
  for (size_t j = 0; j < s.epsilons.size(); ++j) out["epsilons"][in.env_ids[j]] = s.epsilons[j];
  out["points"] = nlohmann::ordered_json::object();
  out["weights"] = nlohmann::ordered_json::object();
  for (size_t i = 0; i < in.uids.size(); ++i) {
    out["points"][std::to_string(in.uids[i])] = s.points[i];
    out["weights"][std::to_string(in.uids[i])] = s.weights[i];
  }
  out["u16"] = {{"uids", in.uids}, {"values", s.u16}};
  std::cout << out.dump(2) << "\n";
}

void PrintTable(const ScoreInput& in, const scoring::Scores& s) {
  if (in.uids.empty()) {
    std::printf("no miners: weights {} and u16 [] (validators submit nothing)\n");
    return;
  }
  std::printf("%-32s %s\n", "ENV ID", "EPSILON");
  for (size_t j = 0; j < s.epsilons.size(); ++j) {
    std::printf("%-32s %s\n", in.env_ids[j].c_str(), Shortest(s.epsilons[j]).c_str());
  }
  // what the bittensor SDK would submit for this u16 list (§8): max-scaled, zeros dropped
  const scoring::ChainWeights chain = scoring::ToChainWeights(in.uids, s.u16);
  std::printf("\n%-6s %-8s %-24s %-6s %s\n", "UID", "POINTS", "WEIGHT", "U16", "ON-CHAIN");
  for (size_t i = 0; i < in.uids.size(); ++i) {
    std::string on_chain = "-";
    for (size_t k = 0; k < chain.uids.size(); ++k) {
      if (chain.uids[k] == in.uids[i]) on_chain = std::to_string(chain.values[k]);
    }
    std::printf("%-6u %-8.0f %-24s %-6u %s\n", unsigned(in.uids[i]), s.points[i], Shortest(s.weights[i]).c_str(),
                unsigned(s.u16[i]), on_chain.c_str());
  }
  std::string frontier;
  for (size_t i : s.frontier) frontier += (frontier.empty() ? "" : ", ") + std::to_string(in.uids[i]);
  std::printf("\nPareto frontier (informational): %s\n", frontier.c_str());
}

void RunScore(const ScoreFlags& f) {
  const ScoreInput in = ReadInput(f.input);
  scoring::Scores scores;
  try {
    scores = scoring::Score(in.rates, in.options);
  } catch (const std::invalid_argument& e) {
    Bad(f.input, e.what());
  }
  // §5.4: a subset two miners both win by rounding goes to the lower uid; say so
  if (scores.contested_subsets > 0) {
    std::fprintf(stderr, "note: %lld subset(s) had two IEEE winners; each went to the lower uid (spec/scoring.md §5.4)\n",
                 static_cast<long long>(scores.contested_subsets));
  }
  if (f.json) {
    PrintJson(in, scores);
  } else {
    PrintTable(in, scores);
  }
}

}  // namespace

void AddScoreCommands(CLI::App& app) {
  auto flags = std::make_shared<ScoreFlags>();
  CLI::App* score = app.add_subcommand("score", "compute ε-Pareto weights from success rates (spec/scoring.md)");
  score->add_option("--input", flags->input,
                    "JSON file {\"env_ids\": [...], \"episodes_per_env\": 50, \"temperature\": 1.0, "
                    "\"miners\": {\"<uid>\": {\"<env id>\": rate}}}")
      ->required();
  score->add_flag("--json", flags->json, "print {epsilons, points, weights, u16} as one JSON object");
  score->callback([flags] { RunScore(*flags); });
}

}  // namespace kinitro::cli
