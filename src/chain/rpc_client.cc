// JSON-RPC over WebSocket with Boost.Beast; every socket operation is asynchronous and run on the
// caller's thread with io_context::run_for, which is how deadlines are enforced.
#include "chain/rpc_client.h"

#include <cstdlib>
#include <optional>
#include <thread>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/beast/websocket/ssl.hpp>

namespace kinitro::chain {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
using Json = nlohmann::json;
using Clock = std::chrono::steady_clock;

Result<std::string> ResolveNetwork(std::string_view network) {
  if (network.starts_with("ws://") || network.starts_with("wss://")) return std::string(network);
  if (network == "finney") return std::string("wss://entrypoint-finney.opentensor.ai:443");
  if (network == "test") return std::string("wss://test.finney.opentensor.ai:443");
  if (network == "archive") return std::string("wss://archive.chain.opentensor.ai:443");
  if (network == "latent-lite") return std::string("wss://lite.sub.latent.to:443");
  if (network == "local") {
    const char* env = std::getenv("BT_SUBTENSOR_CHAIN_ENDPOINT");
    return std::string(env != nullptr && *env != '\0' ? env : "ws://127.0.0.1:9944");
  }
  return Error{ErrorKind::kInvalidArgument, "unknown network '" + std::string(network) +
                                                "' (valid: finney, test, archive, latent-lite, local, or a ws:// or wss:// URL)"};
}

namespace {

struct ParsedUrl {
  bool tls = false;
  std::string host;
  std::string port;
  std::string target;  // path, "/" if empty
};

Result<ParsedUrl> ParseWsUrl(std::string_view url) {
  ParsedUrl out;
  std::string_view rest;
  if (url.starts_with("wss://")) {
    out.tls = true;
    rest = url.substr(6);
  } else if (url.starts_with("ws://")) {
    rest = url.substr(5);
  } else {
    return Error{ErrorKind::kInvalidArgument, "chain endpoint '" + std::string(url) + "' must start with ws:// or wss://"};
  }
  size_t slash = rest.find('/');
  std::string_view authority = rest.substr(0, slash);
  out.target = slash == std::string_view::npos ? "/" : std::string(rest.substr(slash));
  size_t colon = authority.rfind(':');
  if (colon != std::string_view::npos && authority.find(']') == std::string_view::npos) {
    out.host = std::string(authority.substr(0, colon));
    out.port = std::string(authority.substr(colon + 1));
  } else {
    out.host = std::string(authority);
    out.port = out.tls ? "443" : "80";
  }
  if (out.host.empty() || out.port.empty())
    return Error{ErrorKind::kInvalidArgument, "chain endpoint '" + std::string(url) + "' has no host or port"};
  return out;
}

}  // namespace

//---- transport ----

class RpcClient::Transport {
 public:
  virtual ~Transport() = default;
  virtual Status Write(const std::string& text, Clock::time_point deadline) = 0;
  virtual Result<std::string> Read(Clock::time_point deadline) = 0;
};

namespace {

// Runs asynchronous operations started by `start` until they complete or `deadline` passes; on
// timeout the socket is closed so the pending operation finishes with operation_aborted.
template <typename Start, typename Close>
beast::error_code RunUntil(net::io_context& ioc, Clock::time_point deadline, Start start, Close close, bool& timed_out) {
  beast::error_code result;
  bool done = false;
  start([&](beast::error_code ec, auto&&...) {
    result = ec;
    done = true;
  });
  ioc.restart();
  while (!done && Clock::now() < deadline) ioc.run_one_until(deadline);
  timed_out = !done;
  if (!done) {
    close();
    ioc.restart();
    ioc.run();  // drain the aborted handler
  }
  return result;
}

using PlainWs = websocket::stream<beast::tcp_stream>;
using TlsWs = websocket::stream<beast::ssl_stream<beast::tcp_stream>>;

}  // namespace

//---- client ----

namespace {

// Builds and opens a transport for `url`.
template <typename Ws>
class OwnedTransport final : public RpcClient::Transport {
 public:
  OwnedTransport() = default;
  net::io_context ioc;
  std::unique_ptr<net::ssl::context> tls;
  std::unique_ptr<Ws> ws;
  beast::flat_buffer buffer;
  size_t max_bytes = 0;

  Status Open(const ParsedUrl& url, Clock::time_point deadline) {
    if constexpr (std::is_same_v<Ws, TlsWs>) {
      tls = std::make_unique<net::ssl::context>(net::ssl::context::tls_client);
      tls->set_default_verify_paths();
      tls->set_verify_mode(net::ssl::verify_peer);
      ws = std::make_unique<Ws>(ioc, *tls);
    } else {
      ws = std::make_unique<Ws>(ioc);
    }
    ws->read_message_max(max_bytes);
    net::ip::tcp::resolver resolver(ioc);
    net::ip::tcp::resolver::results_type endpoints;
    bool timed_out = false;
    auto ec = RunUntil(
        ioc, deadline,
        [&](auto handler) {
          resolver.async_resolve(url.host, url.port,
                                 [&endpoints, handler](beast::error_code e, net::ip::tcp::resolver::results_type r) mutable {
                                   endpoints = r;
                                   handler(e);
                                 });
        },
        [&] { resolver.cancel(); }, timed_out);
    if (timed_out) return Error{ErrorKind::kTimeout, "resolving " + url.host + " timed out"};
    if (ec) return Error{ErrorKind::kRefused, "cannot resolve " + url.host + ": " + ec.message()};
    ec = RunUntil(
        ioc, deadline, [&](auto handler) { beast::get_lowest_layer(*ws).async_connect(endpoints, handler); },
        [&] { beast::get_lowest_layer(*ws).close(); }, timed_out);
    if (timed_out) return Error{ErrorKind::kTimeout, "connecting to " + url.host + ":" + url.port + " timed out"};
    if (ec) return Error{ErrorKind::kRefused, "cannot connect to " + url.host + ":" + url.port + ": " + ec.message()};
    if constexpr (std::is_same_v<Ws, TlsWs>) {
      // TLS: SNI and host name verification
      if (!SSL_set_tlsext_host_name(ws->next_layer().native_handle(), url.host.c_str()))
        return Error{ErrorKind::kRefused, "TLS: cannot set SNI host name " + url.host};
      ws->next_layer().set_verify_callback(net::ssl::host_name_verification(url.host));
      ec = RunUntil(
          ioc, deadline,
          [&](auto handler) { ws->next_layer().async_handshake(net::ssl::stream_base::client, handler); },
          [&] { beast::get_lowest_layer(*ws).close(); }, timed_out);
      if (timed_out) return Error{ErrorKind::kTimeout, "TLS handshake with " + url.host + " timed out"};
      if (ec) return Error{ErrorKind::kRefused, "TLS handshake with " + url.host + " failed: " + ec.message()};
    }
    ec = RunUntil(
        ioc, deadline, [&](auto handler) { ws->async_handshake(url.host + ":" + url.port, url.target, handler); },
        [&] { beast::get_lowest_layer(*ws).close(); }, timed_out);
    if (timed_out) return Error{ErrorKind::kTimeout, "WebSocket handshake with " + url.host + " timed out"};
    if (ec) return Error{ErrorKind::kRefused, "WebSocket handshake with " + url.host + " failed: " + ec.message()};
    ws->text(true);
    return Ok{};
  }

  Status Write(const std::string& text, Clock::time_point deadline) override {
    bool timed_out = false;
    auto ec = RunUntil(
        ioc, deadline, [&](auto handler) { ws->async_write(net::buffer(text), handler); },
        [&] { beast::get_lowest_layer(*ws).close(); }, timed_out);
    if (timed_out) return Error{ErrorKind::kTimeout, "sending to the node timed out"};
    if (ec) return Error{ErrorKind::kRefused, "connection to the node lost while sending: " + ec.message()};
    return Ok{};
  }

  Result<std::string> Read(Clock::time_point deadline) override {
    bool timed_out = false;
    buffer.clear();
    auto ec = RunUntil(
        ioc, deadline, [&](auto handler) { ws->async_read(buffer, handler); },
        [&] { beast::get_lowest_layer(*ws).close(); }, timed_out);
    if (timed_out) return Error{ErrorKind::kTimeout, "no message from the node before the deadline"};
    if (ec) return Error{ErrorKind::kRefused, "connection to the node lost: " + ec.message()};
    return beast::buffers_to_string(buffer.data());
  }
};

template <typename Ws>
Result<std::unique_ptr<RpcClient::Transport>> OpenTransport(const ParsedUrl& url, const RpcOptions& options) {
  auto t = std::make_unique<OwnedTransport<Ws>>();
  t->max_bytes = options.max_message_bytes;
  try {
    if (auto s = t->Open(url, Clock::now() + options.connect_timeout); !s) return s.error();
  } catch (const std::exception& e) {
    return Error{ErrorKind::kRefused, std::string("cannot open the WebSocket: ") + e.what()};
  }
  return std::unique_ptr<RpcClient::Transport>(std::move(t));
}

}  // namespace

Result<std::unique_ptr<RpcClient>> RpcClient::Connect(std::string url, RpcOptions options) {
  auto parsed = ParseWsUrl(url);
  if (!parsed) return parsed.error();
  std::unique_ptr<RpcClient> client(new RpcClient(std::move(url), options));
  if (auto s = client->EnsureConnected(); !s) return s.error();
  return client;
}

RpcClient::RpcClient(std::string url, RpcOptions options) : url_(std::move(url)), options_(options) {}
RpcClient::~RpcClient() = default;

Status RpcClient::EnsureConnected() {
  if (transport_) return Ok{};
  auto parsed = ParseWsUrl(url_);
  if (!parsed) return parsed.error();
  auto t = parsed->tls ? OpenTransport<TlsWs>(*parsed, options_) : OpenTransport<PlainWs>(*parsed, options_);
  if (!t) return Error{t.error().kind, url_ + ": " + t.error().message};
  transport_ = std::move(*t);
  return Ok{};
}

Result<std::optional<Json>> RpcClient::ReadOne(int64_t want_id, Clock::time_point deadline) {
  auto text = transport_->Read(deadline);
  if (!text) {
    transport_.reset();  // after a failed or timed-out read the stream is unusable
    return text.error();
  }
  Json msg = Json::parse(*text, nullptr, false);
  if (msg.is_discarded() || !msg.is_object())
    return Error{ErrorKind::kBadJson, "node sent a message that is not a JSON object"};
  if (msg.contains("id") && msg["id"].is_number_integer()) {
    if (msg["id"].get<int64_t>() == want_id) return std::optional<Json>(std::move(msg));
    return std::optional<Json>();  // a late response to an abandoned request
  }
  // notification: {"method": ..., "params": {"subscription": id, "result": ...}}
  if (msg.contains("params") && msg["params"].is_object() && msg["params"].contains("subscription")) {
    const Json& sub = msg["params"]["subscription"];
    std::string id = sub.is_string() ? sub.get<std::string>() : sub.dump();
    notifications_[id].push_back(msg["params"].value("result", Json()));
  }
  return std::optional<Json>();
}

Result<Json> RpcClient::RoundTrip(std::string_view method, const Json& params) {
  if (auto s = EnsureConnected(); !s) return s.error();
  int64_t id = next_id_++;
  Json request = {{"jsonrpc", "2.0"}, {"id", id}, {"method", method}, {"params", params}};
  auto deadline = Clock::now() + options_.call_timeout;
  if (auto s = transport_->Write(request.dump(), deadline); !s) {
    transport_.reset();
    return s.error();
  }
  while (true) {
    auto msg = ReadOne(id, deadline);
    if (!msg) return Error{msg.error().kind, std::string(method) + ": " + msg.error().message};
    if (*msg) return std::move(**msg);
  }
}

namespace {

// The node's error object as an Error (kHttpStatus: a response arrived, and it says no).
Error FailureError(std::string_view method, const Json& error, RpcFailure& failure) {
  failure.code = error.value("code", int64_t{0});
  failure.message = error.value("message", std::string());
  failure.data.clear();
  if (error.contains("data")) failure.data = error["data"].is_string() ? error["data"].get<std::string>() : error["data"].dump();
  std::string text = std::string(method) + ": RPC error " + std::to_string(failure.code) + ": " + failure.message;
  if (!failure.data.empty()) text += ": " + failure.data;
  return Error{ErrorKind::kHttpStatus, text};
}

}  // namespace

Result<Json> RpcClient::Call(std::string_view method, const Json& params) {
  auto backoff = options_.backoff_initial;
  for (int attempt = 0;; ++attempt) {
    auto response = RoundTrip(method, params);
    if (response) {
      if (response->contains("error")) return FailureError(method, (*response)["error"], last_failure_);
      return (*response)["result"];
    }
    // transport failure: reconnect with backoff, then resend
    bool transport = response.error().kind == ErrorKind::kRefused || response.error().kind == ErrorKind::kTimeout;
    if (!transport || attempt >= options_.reconnect_attempts) return response.error();
    std::this_thread::sleep_for(backoff);
    backoff *= 2;
  }
}

Result<std::string> RpcClient::Subscribe(std::string_view method, const Json& params) {
  auto response = RoundTrip(method, params);
  if (!response) return response.error();
  if (response->contains("error")) return FailureError(method, (*response)["error"], last_failure_);
  const Json& r = (*response)["result"];
  if (r.is_string()) return r.get<std::string>();
  if (r.is_number_integer()) return r.dump();
  return Error{ErrorKind::kBadShape, std::string(method) + ": subscription id is not a string or number"};
}

Result<Json> RpcClient::NextNotification(const std::string& subscription, std::chrono::milliseconds timeout) {
  auto deadline = Clock::now() + timeout;
  while (true) {
    auto& queue = notifications_[subscription];
    if (!queue.empty()) {
      Json front = std::move(queue.front());
      queue.pop_front();
      return front;
    }
    if (!transport_) return Error{ErrorKind::kRefused, "connection to the node lost; subscription " + subscription + " ended"};
    auto msg = ReadOne(-1, deadline);
    if (!msg) return msg.error();
  }
}

void RpcClient::Unsubscribe(std::string_view method, const std::string& subscription) {
  notifications_.erase(subscription);
  if (!transport_) return;
  auto r = RoundTrip(method, Json::array({subscription}));
  (void)r;
  notifications_.erase(subscription);
}

}  // namespace kinitro::chain
