#include "chain/open_chain_client.h"

#include "chain/file_chain_client.h"
#include "chain/rpc_client.h"
#include "chain/substrate_client.h"

namespace kinitro::chain {

Result<std::unique_ptr<ChainClient>> OpenChainClient(std::string_view network) {
  if (network.starts_with("file:")) {
    std::string path(network.substr(5));
    if (path.empty()) return Error{ErrorKind::kInvalidArgument, "--network file:PATH needs a path"};
    return std::unique_ptr<ChainClient>(std::make_unique<FileChainClient>(path));
  }
  auto url = ResolveNetwork(network);
  if (!url) return url.error();
  auto client = SubstrateChainClient::Connect(*url);
  if (!client) return client.error();
  return std::unique_ptr<ChainClient>(std::move(*client));
}

}  // namespace kinitro::chain
