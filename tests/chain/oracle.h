// Runs tests/chain/oracle.js (polkadot-js and @scure/sr25519 from shared/chain's lock file) on a
// batch of requests. The CTest fixture chain_oracle_setup installs it; a missing node or oracle
// throws, so the test fails (never skips) with a message saying what to do.
#pragma once

#include <gtest/gtest.h>

#include <sstream>
#include <string>

#include "node_oracle.h"

namespace kinitro::chain::testing {

// One answer per request, in order: the request's "ok" value. Throws std::runtime_error if node
// cannot run the oracle or if the oracle reports an error for a request.
inline nlohmann::json RunOracle(const nlohmann::json& requests) {
  return RunNodeOracle(std::string("NODE_PATH='") + KINITRO_CHAIN_ORACLE_DIR + "/node_modules' node '" +
                           KINITRO_CHAIN_ORACLE_JS + "'",
                       requests, "oracle.js",
                       std::string("run tests/chain/setup-oracle.sh ") + KINITRO_CHAIN_ORACLE_DIR +
                           " ../shared/chain, or ctest -R chain_oracle_setup");
}

}  // namespace kinitro::chain::testing
