// JSON-RPC 2.0 over one WebSocket (spec/chain.md §9.1): ws:// and wss:// (OpenSSL, peer and host
// name verified), request/response matched by id, subscriptions whose notifications are queued
// until read, per-call timeouts, and reconnection with exponential backoff for plain calls.
// Thread: one thread at a time (the socket is driven on the caller's thread; no background threads).
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "util/result.h"

namespace kinitro::chain {

// The endpoint of a network name (spec/chain.md §1): finney, test, archive, latent-lite, local
// (ws://127.0.0.1:9944 unless BT_SUBTENSOR_CHAIN_ENDPOINT is set) or any ws:// / wss:// URL.
// kInvalidArgument listing the valid names otherwise.
Result<std::string> ResolveNetwork(std::string_view network);

struct RpcOptions {
  std::chrono::milliseconds connect_timeout{10'000};
  std::chrono::milliseconds call_timeout{60'000};     // per request, until its response arrives
  int reconnect_attempts = 4;                         // per call, after a transport failure
  std::chrono::milliseconds backoff_initial{500};     // doubled after each failed attempt
  size_t max_message_bytes = 64u << 20;               // metadata is ~0.5 MB of hex; allow plenty
};

// A JSON-RPC error object {code, message, data} from the node, kept apart from transport failures.
struct RpcFailure {
  int64_t code = 0;
  std::string message;
  std::string data;  // the "data" member as text ("" if absent)
};

class RpcClient {
 public:
  // Parses the URL and connects; kInvalidArgument for a bad URL, kRefused/kTimeout when the node
  // cannot be reached.
  static Result<std::unique_ptr<RpcClient>> Connect(std::string url, RpcOptions options = {});
  ~RpcClient();

  // Sends one request and waits for its response. A transport failure reconnects (with backoff)
  // and resends; an error object from the node is kHttpStatus "RPC error <code>: <message>: <data>"
  // and is not retried (last_failure() then holds it).
  Result<nlohmann::json> Call(std::string_view method, const nlohmann::json& params);

  // Starts a subscription (e.g. author_submitAndWatchExtrinsic) and returns its id. Not retried:
  // a subscription does not survive a reconnect.
  Result<std::string> Subscribe(std::string_view method, const nlohmann::json& params);
  // The next notification's `params.result` for `subscription`, waiting up to `timeout`.
  // kTimeout if none arrives; kRefused if the connection dropped (the subscription is then gone).
  Result<nlohmann::json> NextNotification(const std::string& subscription, std::chrono::milliseconds timeout);
  // Best effort; errors are ignored because the subscription is finished either way.
  void Unsubscribe(std::string_view method, const std::string& subscription);

  // The node's error object of the last Call/Subscribe that failed with one.
  const RpcFailure& last_failure() const { return last_failure_; }
  const std::string& url() const { return url_; }

  class Transport;  // WebSocket over TCP or TLS (rpc_client.cc)

 private:
  RpcClient(std::string url, RpcOptions options);
  Status EnsureConnected();
  Result<nlohmann::json> RoundTrip(std::string_view method, const nlohmann::json& params);
  // Reads one message and files it: a response for `want_id` is returned, notifications queued.
  Result<std::optional<nlohmann::json>> ReadOne(int64_t want_id, std::chrono::steady_clock::time_point deadline);

  std::string url_;
  RpcOptions options_;
  std::unique_ptr<Transport> transport_;
  int64_t next_id_ = 1;
  std::map<std::string, std::deque<nlohmann::json>> notifications_;  // by subscription id
  RpcFailure last_failure_;
};

}  // namespace kinitro::chain
