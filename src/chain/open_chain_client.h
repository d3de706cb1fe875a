// Picks the ChainClient implementation for a --network value.
#pragma once

#include <memory>
#include <string_view>

#include "chain/chain_client.h"

namespace kinitro::chain {

// "file:PATH" → a FileChainClient on PATH (local mode, no node); "finney", "test", "local" or a
// ws(s):// URL → the substrate client, connected. Errors name the network and what failed.
Result<std::unique_ptr<ChainClient>> OpenChainClient(std::string_view network);

}  // namespace kinitro::chain
