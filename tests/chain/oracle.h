// Runs tests/chain/oracle.js (polkadot-js and @scure/sr25519 from shared/chain's lock file) on a
// batch of requests. The CTest fixture chain_oracle_setup installs it; a missing node or oracle
// throws, so the test fails (never skips) with a message saying what to do.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>
#include <string>

namespace kinitro::chain::testing {

// One answer per request, in order: the request's "ok" value. Throws std::runtime_error if node
// cannot run the oracle or if the oracle reports an error for a request.
inline nlohmann::json RunOracle(const nlohmann::json& requests) {
  if (std::system("command -v node >/dev/null 2>&1") != 0) {
    throw std::runtime_error("node is not installed: the chain oracle tests need Node.js 20 (apt-get install nodejs npm)");
  }
  char in_path[] = "/tmp/kinitro-chain-oracle-XXXXXX";
  int fd = mkstemp(in_path);
  if (fd < 0) throw std::runtime_error("mkstemp failed");
  close(fd);
  std::ofstream(in_path) << requests.dump();
  std::string cmd = std::string("NODE_PATH='") + KINITRO_CHAIN_ORACLE_DIR + "/node_modules' node '" +
                    KINITRO_CHAIN_ORACLE_JS + "' < '" + in_path + "'";
  FILE* pipe = popen(cmd.c_str(), "r");
  if (pipe == nullptr) throw std::runtime_error("cannot start node");
  std::string out;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, pipe)) > 0) out.append(buf, n);
  int status = pclose(pipe);
  std::remove(in_path);
  if (status != 0) {
    throw std::runtime_error(std::string("oracle.js failed (exit ") + std::to_string(status) +
                             "); run tests/chain/setup-oracle.sh " + KINITRO_CHAIN_ORACLE_DIR +
                             " ../shared/chain, or ctest -R chain_oracle_setup");
  }
  nlohmann::json answers = nlohmann::json::parse(out);
  nlohmann::json results = nlohmann::json::array();
  for (size_t i = 0; i < answers.size(); ++i) {
    if (answers[i].contains("error")) {
      throw std::runtime_error("oracle error for request " + requests[i].dump() + ": " +
                               answers[i]["error"].get<std::string>());
    }
    results.push_back(answers[i]["ok"]);
  }
  return results;
}

}  // namespace kinitro::chain::testing
