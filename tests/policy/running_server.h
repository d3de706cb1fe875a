// Test helpers: a PolicyServer on an ephemeral loopback port, stopped and joined on scope exit.
#pragma once

#include <string>
#include <thread>

#include "policy/server.h"

namespace kinitro::policy::testing {

class RunningServer {
 public:
  explicit RunningServer(PolicyFactory factory, ServerOptions options = {}) : server_(std::move(factory), options) {
    port_ = server_.Bind("127.0.0.1", 0);  // listening from here on: clients may connect at once
    thread_ = std::thread([this] { server_.Serve(); });
  }
  ~RunningServer() {
    server_.Stop();
    thread_.join();
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }

 private:
  PolicyServer server_;
  int port_ = 0;
  std::thread thread_;
};

}  // namespace kinitro::policy::testing
