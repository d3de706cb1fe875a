// ChainMinerSource: one metagraph read per cycle (spec/chain.md §4.3, spec/miner.md §4.4).
#include "backend/scheduler/chain_miner_source.h"

#include "chain/ss58.h"

namespace kinitro::backend {

Result<int64_t> ChainMinerSource::CurrentBlock() {
  if (snapshot_block_) return static_cast<int64_t>(*snapshot_block_);
  auto block = client_.CurrentBlock();
  if (!block) return block.error();
  return static_cast<int64_t>(*block);
}

Result<std::vector<MinerEntry>> ChainMinerSource::ReadMiners() {
  auto graph = client_.ReadMetagraph(netuid_);
  if (!graph) return graph.error();
  snapshot_block_ = graph->block;
  std::vector<MinerEntry> out;
  for (const chain::Neuron& n : graph->neurons) {
    MinerEntry e;
    e.uid = n.uid;
    e.hotkey = chain::Ss58Encode(n.hotkey);
    if (n.commitment) {
      // a non-text commitment becomes text that fails parsing, with the reason in it
      e.commitment = n.commitment->problem.empty() ? n.commitment->text
                                                   : "<unreadable commitment: " + n.commitment->problem + ">";
    }
    out.push_back(std::move(e));
  }
  return out;
}

}  // namespace kinitro::backend
