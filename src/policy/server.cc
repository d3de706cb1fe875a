#include "policy/server.h"

#include <httplib.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <list>
#include <mutex>
#include <random>
#include <stdexcept>
#include <unordered_map>

namespace kinitro::policy {
namespace {

using Clock = std::chrono::steady_clock;

// {"detail": msg}, the reference template's error body (spec §1.5)
void Fail(httplib::Response& res, int status, const std::string& detail) {
  res.status = status;
  res.set_content(nlohmann::json{{"detail", detail}}.dump(), "application/json");
}

// malformed requests are 422 like FastAPI's validation errors; oversize are 413
int StatusFor(const Error& e) { return e.kind == ErrorKind::kTooLarge ? 413 : 422; }

}  // namespace

// Episodes by id, least recently used first out. A request without an episode id uses the most
// recent episode: that is how reference evaluators (one episode at a time) talk to a server.
struct PolicyServer::Sessions {
  struct Session {
    std::mutex mu;  // a policy serves one request at a time
    std::unique_ptr<Policy> policy;
  };
  using Entry = std::pair<std::string, std::shared_ptr<Session>>;

  std::mutex mu;
  std::list<Entry> lru;  // front = most recent
  std::unordered_map<std::string, std::list<Entry>::iterator> by_id;
  std::mt19937_64 ids{std::random_device{}()};

  std::string NewId() {
    char buf[33];
    std::snprintf(buf, sizeof buf, "%016llx%016llx", static_cast<unsigned long long>(ids()),
                  static_cast<unsigned long long>(ids()));
    return buf;
  }

  // registers a session under a fresh id, evicting the oldest beyond `max`
  std::string Add(std::shared_ptr<Session> s, size_t max) {
    std::lock_guard lock(mu);
    std::string id = NewId();
    lru.emplace_front(id, std::move(s));
    by_id[id] = lru.begin();
    while (lru.size() > max) {
      by_id.erase(lru.back().first);
      lru.pop_back();
    }
    return id;
  }

  // the session for `id` ("" = the most recent one); nullptr if unknown or none yet
  std::shared_ptr<Session> Find(const std::string& id) {
    std::lock_guard lock(mu);
    if (id.empty()) return lru.empty() ? nullptr : lru.front().second;
    auto it = by_id.find(id);
    if (it == by_id.end()) return nullptr;
    lru.splice(lru.begin(), lru, it->second);
    return it->second->second;
  }
};

PolicyServer::PolicyServer(PolicyFactory factory, ServerOptions options)
    : factory_(std::move(factory)),
      options_(options),
      http_(std::make_unique<httplib::Server>()),
      sessions_(std::make_unique<Sessions>()) {
  httplib::Server& s = *http_;
  // keep-alive for the whole episode: cpp-httplib would close after 5 requests by default
  s.set_keep_alive_max_count(1 << 30);
  s.set_keep_alive_timeout(60);
  s.set_tcp_nodelay(true);
  s.set_payload_max_length(options_.max_body_bytes);
  int threads = options_.threads;
  s.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  auto started = Clock::now();

  s.Get("/health", [this, started](const httplib::Request&, httplib::Response& res) {
    Health h{.status = "healthy",
             .model_loaded = options_.model_loaded,
             .uptime_seconds = std::chrono::duration<double>(Clock::now() - started).count(),
             .image_encodings = {"nested", "base64"},
             .sessions = true};
    res.set_content(EncodeHealth(h), "application/json");
  });

  s.Post("/reset", [this](const httplib::Request& req, httplib::Response& res) {
    auto config = DecodeResetRequest(req.body);
    if (!config) return Fail(res, StatusFor(config.error()), config.error().message);
    auto session = std::make_shared<Sessions::Session>();
    session->policy = factory_();
    session->policy->Reset(config.value());
    std::string id = sessions_->Add(std::move(session), options_.max_sessions);
    res.set_content(EncodeResetResponse(id), "application/json");
  });

  s.Post("/act", [this](const httplib::Request& req, httplib::Response& res) {
    auto request = DecodeActRequest(req.body);
    if (!request) return Fail(res, StatusFor(request.error()), request.error().message);
    auto session = sessions_->Find(request->episode_id);
    if (!session && !request->episode_id.empty()) {
      return Fail(res, 404, "unknown episode_id '" + request->episode_id + "' (expired or never reset)");
    }
    if (!session) {  // an /act before any /reset: a fresh policy that was never reset
      auto fresh = std::make_shared<Sessions::Session>();
      fresh->policy = factory_();
      sessions_->Add(fresh, options_.max_sessions);
      session = fresh;
    }
    ActionVec action;
    {
      std::lock_guard lock(session->mu);
      action = session->policy->Act({.proprio = request->observation, .images = &request->images, .seed = request->seed});
    }
    for (double a : action) {
      if (!std::isfinite(a) || a < -1 || a > 1) {
        return Fail(res, 500, "policy returned an action outside [-1, 1] or not finite; refusing to send it");
      }
    }
    res.set_content(EncodeActResponse(action), "application/json");
  });

  // one place where a policy's exception becomes a response
  s.set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr ep) {
    try {
      std::rethrow_exception(ep);
    } catch (const std::exception& e) {
      Fail(res, 500, e.what());
    } catch (...) {
      Fail(res, 500, "unknown error");
    }
  });
}

PolicyServer::~PolicyServer() { Stop(); }

int PolicyServer::Bind(const std::string& host, int port) {
  int bound = port == 0 ? http_->bind_to_any_port(host) : (http_->bind_to_port(host, port) ? port : -1);
  if (bound < 0) throw std::runtime_error("cannot listen on " + host + ":" + std::to_string(port) + " (in use or not permitted?)");
  return bound;
}

void PolicyServer::Serve() { http_->listen_after_bind(); }

void PolicyServer::Stop() { http_->stop(); }

}  // namespace kinitro::policy
