#include "policy/client.h"

#include <httplib.h>

#include <stdexcept>

#include "util/base_url.h"

namespace kinitro::policy {
namespace {

using Clock = std::chrono::steady_clock;

// printable, bounded excerpt of a body for error messages
std::string Excerpt(const std::string& body) {
  std::string out;
  for (char c : body.substr(0, 120)) out += (c >= 32 && c < 127) ? c : '?';
  return body.size() > 120 ? out + "…" : out;
}

}  // namespace

PolicyClient::PolicyClient(const std::string& base_url, ClientOptions options) : options_(options) {
  // scheme://host[:port][/prefix]; the reference appends paths to the base, so a prefix is allowed
  auto url = ParseBaseUrl(base_url);
  if (!url) {
    throw std::invalid_argument("endpoint '" + base_url +
                                "' is not an http(s) URL of the form http://host[:port][/prefix] (no query or fragment)");
  }
  prefix_ = url->prefix;
  base_url_ = url->origin + prefix_;

  http_ = std::make_unique<httplib::Client>(url->origin);
  http_->set_keep_alive(true);
  http_->set_tcp_nodelay(true);  // without it every round trip waits 40+ ms for delayed ACKs
  http_->set_follow_location(false);  // a redirect is an error, as in the reference
  http_->set_connection_timeout(options_.connect_timeout_ms / 1000, (options_.connect_timeout_ms % 1000) * 1000);
  watchdog_ = std::thread([this] { Watchdog(); });
}

PolicyClient::~PolicyClient() {
  {
    std::lock_guard lock(mu_);
    shutdown_ = true;
  }
  cv_.notify_all();
  watchdog_.join();
}

void PolicyClient::Watchdog() {
  std::unique_lock lock(mu_);
  while (!shutdown_) {
    if (!in_flight_) {
      cv_.wait(lock);
      continue;
    }
    if (connecting_) {
      // connection set-up is outside the call's budget: poll briefly until connected (loopback
      // takes microseconds, a remote TLS handshake tens of milliseconds), then start the clock
      cv_.wait_for(lock, std::chrono::milliseconds(2));
      if (!in_flight_ || !connecting_) continue;
      if (http_->is_socket_open()) {
        connecting_ = false;
        deadline_ = Clock::now() + std::chrono::milliseconds(budget_ms_);
      } else if (Clock::now() >= deadline_) {
        expired_ = true;
        http_->stop();
        in_flight_ = false;
      }
      continue;
    }
    if (cv_.wait_until(lock, deadline_) == std::cv_status::timeout && in_flight_ && Clock::now() >= deadline_) {
      expired_ = true;
      http_->stop();  // shuts the socket down; the blocked call returns an error
      in_flight_ = false;
    }
  }
}

Result<std::string> PolicyClient::Send(const char* method, const std::string& path, const std::string& body,
                                       int timeout_ms) {
  bool connecting = !http_->is_socket_open();
  http_->set_read_timeout(timeout_ms / 1000, (timeout_ms % 1000) * 1000);
  http_->set_write_timeout(timeout_ms / 1000, (timeout_ms % 1000) * 1000);

  httplib::Request req;
  req.method = method;
  req.path = prefix_ + path;
  if (!body.empty() || req.method == "POST") {
    req.body = body;
    req.set_header("Content-Type", "application/json");
  }
  req.set_header("Accept", "application/json");
  std::string received;
  bool too_large = false;
  req.content_receiver = [&](const char* data, size_t n, uint64_t, uint64_t) {
    if (received.size() + n > options_.max_response_bytes) {
      too_large = true;
      return false;  // stop reading: a huge body must not cost memory or time
    }
    received.append(data, n);
    return true;
  };

  {
    std::lock_guard lock(mu_);
    // while connecting, deadline_ bounds the connection set-up; then the call's own budget
    connecting_ = connecting;
    budget_ms_ = timeout_ms;
    deadline_ = Clock::now() + std::chrono::milliseconds(connecting ? options_.connect_timeout_ms : timeout_ms);
    in_flight_ = true;
    expired_ = false;
  }
  cv_.notify_all();
  auto started = Clock::now();
  httplib::Response res;
  httplib::Error err = httplib::Error::Success;
  bool sent = http_->send(req, res, err);
  bool expired;
  {
    std::lock_guard lock(mu_);
    in_flight_ = false;
    expired = expired_;
  }
  cv_.notify_all();

  std::string what = std::string(method) + " " + base_url_ + path;
  if (too_large) {
    http_->stop();  // the rest of the body is still on the wire: drop the connection
    return Error{ErrorKind::kTooLarge, what + ": response over " + std::to_string(options_.max_response_bytes) + " bytes"};
  }
  if (expired) return Error{ErrorKind::kTimeout, what + ": no complete response within " + std::to_string(timeout_ms) + " ms"};
  if (!sent) {
    if (err == httplib::Error::Read || err == httplib::Error::Write) {
      // a socket timeout or a peer that closed mid-response; both are the miner's failure to answer
      bool timed_out = Clock::now() - started >= std::chrono::milliseconds(timeout_ms);
      return Error{timed_out ? ErrorKind::kTimeout : ErrorKind::kRefused, what + ": " + httplib::to_string(err)};
    }
    if (err == httplib::Error::ConnectionTimeout) return Error{ErrorKind::kTimeout, what + ": connect timed out"};
    return Error{ErrorKind::kRefused, what + ": " + httplib::to_string(err)};
  }
  if (res.status < 200 || res.status >= 300) {
    return Error{ErrorKind::kHttpStatus, what + ": HTTP " + std::to_string(res.status) + " " + Excerpt(received)};
  }
  return received;
}

Result<Health> PolicyClient::GetHealth() {
  auto body = Send("GET", "/health", "", options_.health_timeout_ms);
  if (!body) return body.error();
  return DecodeHealth(body.value());
}

Result<std::string> PolicyClient::Reset(const TaskConfig& config) {
  auto body = Send("POST", "/reset", EncodeResetRequest(config), options_.reset_timeout_ms);
  if (!body) return body.error();
  return DecodeResetEpisodeId(body.value());
}

Result<ActionVec> PolicyClient::Act(const ActRequest& request, ImageEncoding encoding) {
  auto body = Send("POST", "/act", EncodeActRequest(request, encoding), options_.act_timeout_ms);
  if (!body) return body.error();
  return DecodeActResponse(body.value());
}

}  // namespace kinitro::policy
