// Runs tests/chain/tlock_oracle.mjs (@noble/curves and the ideal-lab5 timelock wasm, installed by
// setup-tlock-oracle.sh) on a batch of requests. A missing node or oracle throws, so the test fails
// (never skips) with a message saying what to do.
#pragma once

#include <string>

#include "node_oracle.h"

namespace kinitro::chain::testing {

// One answer per request, in order: the request's "ok" value. Throws std::runtime_error if node
// cannot run the oracle or if it reports an error for a request.
inline nlohmann::json RunTlockOracle(const nlohmann::json& requests) {
  return RunNodeOracle(std::string("node '") + KINITRO_TLOCK_ORACLE_JS + "' '" + KINITRO_TLOCK_ORACLE_DIR + "'", requests,
                       "tlock_oracle.mjs",
                       std::string("run tests/chain/setup-tlock-oracle.sh ") + KINITRO_TLOCK_ORACLE_DIR +
                           ", or ctest -R chain_tlock_oracle_setup");
}

}  // namespace kinitro::chain::testing
