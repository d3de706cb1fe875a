// A policy server that misbehaves on purpose, one behaviour per URL prefix, and what each
// behaviour costs the miner in an evaluated episode (eval/remote_episode.cc; README "What a
// misbehaving endpoint costs"). Also checks the evaluator neither crashes nor hangs.
#include <arpa/inet.h>
#include <httplib.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "eval/remote_episode.h"
#include "policy/client.h"
#include "sim/assets.h"

namespace kinitro::eval {
namespace {

// the hang and trickle cases must time out, so they get a short budget; every other case gets
// a budget no loaded CI machine exceeds, so only the misbehaviour under test can fail them
constexpr int kShortBudgetMs = 150;
constexpr int kGenerousBudgetMs = 10000;

class MisbehavingServer {
 public:
  MisbehavingServer() {
    auto ok_reset = [](const httplib::Request&, httplib::Response& res) {
      res.set_content(R"({"status":"ok","episode_id":"e"})", "application/json");
    };
    auto act = [this](const std::string& mode) {
      return [this, mode](const httplib::Request&, httplib::Response& res) { Act(mode, res); };
    };
    for (std::string mode : {"ok", "range", "http500", "notjson", "short", "nan", "huge", "hang", "trickle", "flaky"}) {
      http_.Post("/" + mode + "/reset", ok_reset);
      http_.Post("/" + mode + "/act", act(mode));
    }
    http_.Post("/resetfail/reset", [](const httplib::Request&, httplib::Response& res) {
      res.status = 503;
      res.set_content("overloaded", "text/plain");
    });
    http_.new_task_queue = [] { return new httplib::ThreadPool(64); };  // hung handlers hold threads
    http_.set_keep_alive_max_count(1 << 20);
    http_.set_tcp_nodelay(true);
    port_ = http_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { http_.listen_after_bind(); });
  }
  ~MisbehavingServer() {
    {
      std::lock_guard lock(mu_);
      released_ = true;
    }
    cv_.notify_all();
    http_.stop();
    thread_.join();
  }
  std::string url(const std::string& mode) const { return "http://127.0.0.1:" + std::to_string(port_) + "/" + mode; }

 private:
  void Act(const std::string& mode, httplib::Response& res) {
    if (mode == "ok") return res.set_content(R"({"action":[0.5,0,0,0]})", "application/json");
    if (mode == "range") return res.set_content(R"({"action":[5,-5,0.25,0]})", "application/json");
    if (mode == "http500") {
      res.status = 500;
      return res.set_content(R"({"detail":"boom"})", "application/json");
    }
    if (mode == "notjson") return res.set_content("hello", "text/plain");
    if (mode == "short") return res.set_content(R"({"action":[0,0]})", "application/json");
    if (mode == "nan") return res.set_content(R"({"action":[NaN,0,0,0]})", "application/json");
    if (mode == "huge") return res.set_content(std::string(50 << 20, ' ') + "{}", "application/json");
    if (mode == "flaky") {  // every third call fails
      if (++calls_ % 3 == 0) {
        res.status = 502;
        return;
      }
      return res.set_content(R"({"action":[0,0,0,0]})", "application/json");
    }
    if (mode == "hang") {  // never answers within the budget (released when the test ends)
      std::unique_lock lock(mu_);
      cv_.wait_for(lock, std::chrono::seconds(30), [this] { return released_; });
      return;
    }
    if (mode == "trickle") {  // a byte at a time, forever: per-read timeouts alone never fire
      res.set_chunked_content_provider("application/json", [this](size_t, httplib::DataSink& sink) {
        std::unique_lock lock(mu_);
        if (cv_.wait_for(lock, std::chrono::milliseconds(20), [this] { return released_; })) return false;
        sink.write(" ", 1);
        return true;
      });
    }
  }

  httplib::Server http_;
  int port_ = 0;
  std::thread thread_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool released_ = false;
  std::atomic<int> calls_{0};
};

class Misbehaviour : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    models_ = new sim::ModelCache(sim::FindAssetDir());
    server_ = new MisbehavingServer;
  }
  static void TearDownTestSuite() {
    delete server_;
    delete models_;
  }

  EpisodeRecord Run(const std::string& mode) {
    policy::ClientOptions options;
    options.act_timeout_ms = (mode == "hang" || mode == "trickle") ? kShortBudgetMs : kGenerousBudgetMs;
    options.reset_timeout_ms = 1000;
    policy::PolicyClient client(server_->url(mode), options);
    sim::Env env(models_->Get("metaworld/reach-v3"));
    return RunRemoteEpisode(env, client, nullptr, {.seed = 1}, EpisodeRules{});
  }

  static sim::ModelCache* models_;
  static MisbehavingServer* server_;
};
sim::ModelCache* Misbehaviour::models_ = nullptr;
MisbehavingServer* Misbehaviour::server_ = nullptr;

TEST_F(Misbehaviour, WellBehavedEndpointRunsTheWholeEpisode) {
  EpisodeRecord r = Run("ok");
  EXPECT_EQ(r.steps, 500);
  EXPECT_TRUE(r.errors.empty());
  EXPECT_EQ(r.act_ms.size(), 500u);
}

TEST_F(Misbehaviour, OutOfRangeIsClippedAndCountedNotFatal) {
  EpisodeRecord r = Run("range");
  EXPECT_EQ(r.steps, 500);
  EXPECT_FALSE(r.aborted);
  EXPECT_EQ(r.errors["out_of_range"], 500);
}

// every call fails the same way: 5 consecutive failures end the episode as failed
void ExpectAbortedWith(const EpisodeRecord& r, const std::string& kind) {
  EXPECT_TRUE(r.aborted) << kind;
  EXPECT_FALSE(r.success);
  EXPECT_EQ(r.steps, 4) << kind;  // four zero-action steps, the fifth failure ends it
  EXPECT_EQ(r.errors.at(kind), 5) << kind;
  EXPECT_FALSE(r.first_error.empty());
}

TEST_F(Misbehaviour, HttpErrorCostsAStepThenTheEpisode) { ExpectAbortedWith(Run("http500"), "http_status"); }
TEST_F(Misbehaviour, NonJsonBody) { ExpectAbortedWith(Run("notjson"), "bad_json"); }
TEST_F(Misbehaviour, WrongActionLength) { ExpectAbortedWith(Run("short"), "bad_shape"); }
TEST_F(Misbehaviour, NanAction) { ExpectAbortedWith(Run("nan"), "non_finite"); }
TEST_F(Misbehaviour, FiftyMegabyteBody) { ExpectAbortedWith(Run("huge"), "too_large"); }
TEST_F(Misbehaviour, HangingEndpointTimesOut) { ExpectAbortedWith(Run("hang"), "timeout"); }
TEST_F(Misbehaviour, TricklingEndpointTimesOut) { ExpectAbortedWith(Run("trickle"), "timeout"); }

TEST_F(Misbehaviour, OccasionalFailuresCostOnlyTheirSteps) {
  EpisodeRecord r = Run("flaky");
  EXPECT_EQ(r.steps, 500);
  EXPECT_FALSE(r.aborted);
  EXPECT_NEAR(r.errors["http_status"], 500 / 3, 2);
}

TEST_F(Misbehaviour, ResetFailureMakesTheEpisodeUnavailable) {
  EpisodeRecord r = Run("resetfail");
  EXPECT_TRUE(r.unavailable);
  EXPECT_EQ(r.steps, 0);
  EXPECT_EQ(r.errors["http_status"], 1);
}

TEST_F(Misbehaviour, RefusedConnectionMakesTheEpisodeUnavailable) {
  // a port that was just free: bound, never listened on, closed
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  socklen_t len = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  int port = ntohs(addr.sin_port);
  ::close(fd);
  policy::PolicyClient client("http://127.0.0.1:" + std::to_string(port));
  sim::Env env(models_->Get("metaworld/reach-v3"));
  EpisodeRecord r = RunRemoteEpisode(env, client, nullptr, {.seed = 1}, EpisodeRules{});
  EXPECT_TRUE(r.unavailable);
  EXPECT_EQ(r.errors["refused"], 1);
}

}  // namespace
}  // namespace kinitro::eval
