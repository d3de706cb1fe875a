// Tests for `kinitro score` (src/cli/score_command.cc), run as a real subprocess on temp JSON
// files: the --json shape, the input conventions (missing envs, defaults, uid order) and errors.
#include <gtest/gtest.h>

#include "run_kinitro.h"
#include <nlohmann/json.hpp>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>

namespace {

using kinitro::testing::Kinitro;
using kinitro::testing::Outcome;

// a temp file holding `text`, removed at scope exit
class TempFile {
 public:
  explicit TempFile(const std::string& text) {
    std::string pattern = ::testing::TempDir() + "kinitro_score_XXXXXX";
    int fd = ::mkstemp(pattern.data());
    if (fd >= 0) ::close(fd);
    path_ = pattern;
    std::ofstream(path_) << text;
  }
  ~TempFile() { std::remove(path_.c_str()); }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

TEST(ScoreCli, JsonHasTheDocumentedShapeAndValues) {
  // V03 of spec/scoring.md §11.2, with defaults for N and T and an ignored extra key
  TempFile f(R"({"env_ids": ["a", "b"], "comment": "V03",
                 "miners": {"0": {"a": 0.9, "b": 0.9}, "1": {"a": 0.5, "b": 0.5}, "2": {"a": 0.6, "b": 0.6}}})");
  Outcome r = Kinitro("score --json --input " + f.path(), true);
  ASSERT_EQ(r.exit_code, 0) << r.out;
  const auto j = nlohmann::json::parse(r.out);
  ASSERT_EQ(j.size(), 4u) << r.out;
  EXPECT_EQ(j["epsilons"], (nlohmann::json{{"a", 0.04807401039319927}, {"b", 0.04807401039319927}}));
  EXPECT_EQ(j["points"], (nlohmann::json{{"0", 4.0}, {"1", 0.0}, {"2", 0.0}}));
  ASSERT_EQ(j["weights"].size(), 3u);
  EXPECT_TRUE(j["weights"]["0"].is_number_float());
  EXPECT_EQ(j["u16"], (nlohmann::json{{"uids", {0, 1, 2}}, {"values", {63219, 1157, 1157}}}));
}

TEST(ScoreCli, MissingEnvsCountAsZeroAndUidsSortNumerically) {
  // V07 with uids 10 and 9: "10" sorts before "9" as a string, the output must not
  TempFile f(R"({"env_ids": ["a", "b"], "episodes_per_env": 50, "temperature": 1,
                 "miners": {"10": {"a": 0.62}, "9": {"a": 0.6, "b": 0.6}}})");
  Outcome r = Kinitro("score --json --input " + f.path(), true);
  ASSERT_EQ(r.exit_code, 0) << r.out;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["epsilons"]["b"], 0.08485281711413357);
  EXPECT_EQ(j["u16"]["uids"], (nlohmann::json{9, 10}));
  EXPECT_EQ(j["u16"]["values"], (nlohmann::json{32767, 32767}));
}

TEST(ScoreCli, NoMinersIsEmptyButValid) {
  TempFile f(R"({"env_ids": ["a", "b"], "miners": {}})");
  Outcome r = Kinitro("score --json --input " + f.path(), true);
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_EQ(nlohmann::json::parse(r.out)["u16"], (nlohmann::json{{"uids", nlohmann::json::array()},
                                                                  {"values", nlohmann::json::array()}}));
}

TEST(ScoreCli, HumanOutputIsATable) {
  TempFile f(R"({"env_ids": ["a"], "miners": {"0": {"a": 0.9}, "1": {"a": 0.8}}})");
  Outcome r = Kinitro("score --input " + f.path(), true);
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("EPSILON"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("0.01414213056610913"), std::string::npos) << r.out;  // V17a
  EXPECT_NE(r.out.find("47909"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("24109"), std::string::npos) << r.out;  // on-chain column
}

TEST(ScoreCli, MalformedFileExitsOneNamingTheFile) {
  TempFile f(R"({"env_ids": ["a"], "miners": )");
  Outcome r = Kinitro("score --json --input " + f.path());
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find("kinitro score: error: '" + f.path() + "': not valid JSON"), std::string::npos) << r.out;
}

TEST(ScoreCli, MissingFileExitsOne) {
  Outcome r = Kinitro("score --input /nonexistent/scores.json");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find("'/nonexistent/scores.json': cannot open"), std::string::npos) << r.out;
}

TEST(ScoreCli, WrongShapesNameTheField) {
  struct Case {
    const char* json;
    const char* message;
  };
  const Case cases[] = {
      {R"([1, 2])", "the top level must be an object"},
      {R"({"miners": {}})", "missing field 'env_ids'"},
      {R"({"env_ids": "a", "miners": {}})", "field 'env_ids' must be an array"},
      {R"({"env_ids": ["a", "a"], "miners": {}})", "lists 'a' twice"},
      {R"({"env_ids": ["a"], "temperature": "hot", "miners": {}})", "field 'temperature' must be a number"},
      {R"({"env_ids": ["a"], "temperature": 0, "miners": {}})", "pareto_temperature must be > 0"},
      {R"({"env_ids": ["a"], "episodes_per_env": 2.5, "miners": {}})", "field 'episodes_per_env' must be an integer"},
      {R"({"env_ids": ["a"], "episodes_per_env": -1, "miners": {}})", "'episodes_per_env' is -1"},
      {R"({"env_ids": ["a"], "miners": []})", "field 'miners' must be an object"},
      {R"({"env_ids": ["a"], "miners": {"x7": {"a": 0.5}}})", "key 'x7' is not a uid"},
      {R"({"env_ids": ["a"], "miners": {"65536": {"a": 0.5}}})", "key '65536' is not a uid"},
      {R"({"env_ids": ["a"], "miners": {"3": 0.5}})", "field 'miners.\"3\"' must be an object"},
      {R"({"env_ids": ["a"], "miners": {"3": {"a": "high"}}})", "field 'miners.\"3\".\"a\"' must be a number"},
      {R"({"env_ids": ["a"], "miners": {"3": {"a": 1.5}}})", "field 'miners.\"3\".\"a\"' is 1.5"},
      {R"({"env_ids": ["a"], "miners": {"3": {"c": 0.5}}})", "has env 'c', which is not in env_ids (valid: a)"},
  };
  for (const Case& c : cases) {
    TempFile f(c.json);
    Outcome r = Kinitro("score --json --input " + f.path());
    EXPECT_EQ(r.exit_code, 1) << c.json << "\n" << r.out;
    EXPECT_NE(r.out.find("kinitro score: error: '" + f.path() + "': "), std::string::npos) << r.out;
    EXPECT_NE(r.out.find(c.message), std::string::npos) << c.json << "\n" << r.out;
  }
}

TEST(ScoreCli, MissingInputFlagIsAUsageError) {
  EXPECT_EQ(Kinitro("score --json").exit_code, 2);
}

}  // namespace
