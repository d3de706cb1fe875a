// Tests for `kinitro eval` (src/cli/eval_command.cc), run as a real subprocess against a
// reference-style policy server on loopback: what --json FILE records.
#include <gtest/gtest.h>
#include <httplib.h>
#include <nlohmann/json.hpp>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "run_kinitro.h"

namespace {

using kinitro::testing::Kinitro;
using kinitro::testing::Outcome;

// the reference template's protocol (no extensions) answering the zero action
class ZeroPolicyServer {
 public:
  ZeroPolicyServer() {
    http_.Get("/health", [](const httplib::Request&, httplib::Response& res) {
      res.set_content(R"({"status":"healthy","model_loaded":true,"uptime_seconds":1.0})", "application/json");
    });
    http_.Post("/reset", [this](const httplib::Request& req, httplib::Response& res) {
      std::lock_guard lock(mu_);
      resets_.push_back(nlohmann::json::parse(req.body, nullptr, false));
      res.set_content("{}", "application/json");
    });
    http_.Post("/act", [](const httplib::Request&, httplib::Response& res) {
      res.set_content(R"({"action":[0,0,0,0]})", "application/json");
    });
    http_.set_tcp_nodelay(true);  // 500 small /act round trips
    port_ = http_.bind_to_any_port("127.0.0.1");  // listening from here on
    thread_ = std::thread([this] { http_.listen_after_bind(); });
  }
  ~ZeroPolicyServer() {
    http_.stop();
    thread_.join();
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  std::vector<nlohmann::json> resets() {
    std::lock_guard lock(mu_);
    return resets_;
  }

 private:
  std::mutex mu_;
  std::vector<nlohmann::json> resets_;  // /reset bodies in arrival order
  httplib::Server http_;
  int port_ = 0;
  std::thread thread_;
};

TEST(EvalCli, JsonSettingsNameTheEngine) {
  ZeroPolicyServer server;
  const std::string file = "/tmp/kinitro-eval-cli-test-" + std::to_string(::getpid()) + ".json";
  Outcome r = Kinitro("eval --endpoint " + server.url() + " --env metaworld/reach-v3 --episodes 1 --act-timeout-ms 10000 --json " + file);
  ASSERT_EQ(r.exit_code, 0) << r.out;
  std::ifstream in(file);
  nlohmann::json j = nlohmann::json::parse(in, nullptr, false);
  std::remove(file.c_str());
  ASSERT_TRUE(j.is_object()) << "eval --json wrote no JSON object";
  EXPECT_EQ(j["settings"]["engine"], KINITRO_EXPECTED_ENGINE);
  EXPECT_EQ(j["settings"]["endpoint"], server.url());  // the existing settings stay
  EXPECT_EQ(j["envs"]["metaworld/reach-v3"]["episodes"], 1);
}

// with MetaWorld tasks, episode i starts from task i, and the policy is told the task's vector
TEST(EvalCli, MetaWorldTasksStartTheEpisodesAndReachThePolicy) {
  ZeroPolicyServer server;
  const std::string file = "/tmp/kinitro-eval-cli-tasks-" + std::to_string(::getpid()) + ".json";
  Outcome r = Kinitro("eval --endpoint " + server.url() +
                      " --env metaworld/reach-v3 --metaworld-tasks MT1:4 --episodes 2 --act-timeout-ms 10000 --json " + file);
  ASSERT_EQ(r.exit_code, 0) << r.out;
  std::ifstream in(file);
  nlohmann::json j = nlohmann::json::parse(in, nullptr, false);
  std::remove(file.c_str());
  ASSERT_TRUE(j.is_object());
  EXPECT_EQ(j["settings"]["metaworld_tasks"], "MT1:4");
  ASSERT_EQ(j["episodes"].size(), 2u);
  EXPECT_EQ(j["episodes"][1]["task_index"], 1);
  std::vector<nlohmann::json> resets = server.resets();
  ASSERT_EQ(resets.size(), 2u);
  for (const auto& body : resets) EXPECT_EQ(body["task_config"]["rand_vec"].size(), 6u) << body.dump();
  EXPECT_NE(resets[0]["task_config"]["rand_vec"], resets[1]["task_config"]["rand_vec"]);

  Outcome bad = Kinitro("eval --endpoint " + server.url() + " --env metaworld/reach-v3 --metaworld-tasks ML9:1");
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_NE(bad.out.find("ML9:1"), std::string::npos) << bad.out;
}

}  // namespace
