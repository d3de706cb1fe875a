// Chain commands: `kinitro commit`, `kinitro show-commitment`, `kinitro chain metagraph` and
// `kinitro chain set-weights` (spec/miner.md §3.1, §4; spec/chain.md §6).
#include <termios.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>

#include <nlohmann/json.hpp>

#include "chain/rpc_client.h"
#include "chain/ss58.h"
#include "chain/open_chain_client.h"
#include "chain/substrate_client.h"
#include "chain/wallet.h"
#include "cli/commands.h"
#include "miner/commitment.h"
#include "scoring/scoring.h"

namespace kinitro::cli {
namespace {

struct NetworkFlags {
  std::string network = "finney";
  int netuid = -1;
};

struct WalletFlags {
  std::string path;  // "" = BT_WALLET_PATH or ~/.bittensor/wallets
  std::string name;
  std::string hotkey;
};

void AddNetworkFlags(CLI::App* c, NetworkFlags& f) {
  c->add_option("--network", f.network, "finney, test, local, a ws:// / wss:// URL, or file:PATH (a local file chain) (default finney)")
      ->envname("KINITRO_NETWORK");
  c->add_option("--netuid", f.netuid, "subnet id")->required()->check(CLI::Range(0, 65535));
}

void AddWalletFlags(CLI::App* c, WalletFlags& f) {
  c->add_option("--wallet-name", f.name, "wallet name (default: BT_WALLET_NAME or 'default')");
  c->add_option("--hotkey-name", f.hotkey, "hotkey name (default: BT_WALLET_HOTKEY or 'default')");
  c->add_option("--wallet-path", f.path, "wallet directory (default: BT_WALLET_PATH or ~/.bittensor/wallets)");
}

template <typename T>
T Check(Result<T> r) {
  if (!r) throw std::runtime_error(r.error().message);
  return std::move(*r);
}

// The wallet password: $KINITRO_WALLET_PASSWORD, else a prompt without echo on a terminal.
std::string WalletPassword(const std::string& file) {
  if (const char* env = std::getenv("KINITRO_WALLET_PASSWORD"); env != nullptr) return env;
  if (!isatty(STDIN_FILENO))
    throw std::runtime_error(file + " is encrypted; set KINITRO_WALLET_PASSWORD or run on a terminal to be asked");
  std::fprintf(stderr, "password for %s: ", file.c_str());
  termios old{};
  tcgetattr(STDIN_FILENO, &old);
  termios quiet = old;
  quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
  tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
  std::string password;
  std::getline(std::cin, password);
  tcsetattr(STDIN_FILENO, TCSANOW, &old);
  std::fprintf(stderr, "\n");
  return password;
}

chain::Sr25519Keypair LoadSigner(const WalletFlags& f) {
  chain::WalletLocation loc = chain::DefaultWalletLocation();
  if (!f.path.empty()) loc.path = f.path;
  if (!f.name.empty()) loc.name = f.name;
  if (!f.hotkey.empty()) loc.hotkey = f.hotkey;
  std::string file = chain::HotkeyFile(loc);
  // only an encrypted hotkey needs a password
  std::optional<std::string> password;
  std::ifstream in(file, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read hotkey file " + file + " (check --wallet-path/--wallet-name/--hotkey-name)");
  chain::Bytes head(8);
  in.read(reinterpret_cast<char*>(head.data()), static_cast<std::streamsize>(head.size()));
  head.resize(static_cast<size_t>(in.gcount()));
  if (chain::DetectKeyfileFormat(head) == chain::KeyfileFormat::kNacl) password = WalletPassword(file);
  chain::Keyfile key = Check(chain::LoadHotkey(loc, password));
  return *key.keypair;
}

std::unique_ptr<chain::ChainClient> ConnectChain(const std::string& network) {
  std::fprintf(stderr, "connecting to %s\n", network.c_str());
  return Check(chain::OpenChainClient(network));
}

// "repo@revision → endpoint", or why the text is not a valid commitment.
std::string DescribeCommitment(const std::optional<chain::CommitmentRecord>& c, const miner::DeploymentPolicy& policy) {
  if (!c) return "none";
  if (!c->problem.empty()) return "unreadable: " + c->problem;
  auto parsed = miner::ParseCommitment(c->text, policy);
  if (!parsed) return "invalid: " + parsed.error().message;
  return parsed->repo + "@" + parsed->revision.substr(0, 12) + " -> " + miner::EndpointUrl(*parsed);
}

//---- commit ----

struct CommitFlags {
  NetworkFlags net;
  WalletFlags wallet;
  std::string repo, revision, deployment_id;
  std::vector<std::string> allowed_urls;
};

void RunCommit(const CommitFlags& f) {
  // validate and size-check before touching the wallet or the network (spec/miner.md §4.7)
  miner::Commitment c{f.repo, f.revision, f.deployment_id};
  std::string text = Check(miner::EncodeCommitment(c, {.allowed_url_prefixes = f.allowed_urls}));
  chain::Sr25519Keypair signer = LoadSigner(f.wallet);
  auto client = ConnectChain(f.net.network);
  std::fprintf(stderr, "committing %zu bytes to subnet %d as %s\n", text.size(), f.net.netuid,
               chain::Ss58Encode(signer.public_key).c_str());
  chain::TxReceipt r = Check(client->SetCommitment(static_cast<uint16_t>(f.net.netuid), signer, text));
  std::printf("committed %s in block %s (extrinsic %u, tx %s)\n", text.c_str(), r.block_hash.c_str(), r.extrinsic_index,
              r.tx_hash.c_str());
}

//---- show-commitment ----

struct ShowFlags {
  NetworkFlags net;
  WalletFlags wallet;
  std::string hotkey;
  int uid = -1;
  std::vector<std::string> allowed_urls;
};

void RunShow(const ShowFlags& f) {
  auto netuid = static_cast<uint16_t>(f.net.netuid);
  auto client = ConnectChain(f.net.network);
  chain::AccountId who{};
  if (!f.hotkey.empty()) {
    who = Check(chain::Ss58DecodeAccount(f.hotkey));
  } else if (f.uid >= 0) {
    chain::Metagraph g = Check(client->ReadMetagraph(netuid));
    if (static_cast<size_t>(f.uid) >= g.neurons.size())
      throw std::runtime_error("UID " + std::to_string(f.uid) + " not found on subnet " + std::to_string(netuid) + " (" +
                               std::to_string(g.neurons.size()) + " neurons)");
    who = g.neurons[static_cast<size_t>(f.uid)].hotkey;
  } else {
    who = LoadSigner(f.wallet).public_key;
  }
  std::printf("hotkey: %s\n", chain::Ss58Encode(who).c_str());
  std::optional<chain::CommitmentRecord> c = Check(client->ReadCommitment(netuid, who));
  if (!c) {
    std::printf("no commitment on subnet %u\n", unsigned(netuid));
    return;
  }
  if (!c->problem.empty()) {
    std::printf("block: %u\nunreadable commitment: %s\n", c->block, c->problem.c_str());
    return;
  }
  std::printf("block: %u\nraw: %s\n", c->block, c->text.c_str());
  auto parsed = miner::ParseCommitment(c->text, {.allowed_url_prefixes = f.allowed_urls});
  if (!parsed) {
    std::printf("invalid commitment: %s\n", parsed.error().message.c_str());
    return;
  }
  std::printf("repo: %s\nrevision: %s\ndeployment id: %s\nendpoint: %s\n", parsed->repo.c_str(), parsed->revision.c_str(),
              parsed->deployment_id.c_str(), miner::EndpointUrl(*parsed).c_str());
}

//---- chain metagraph / set-weights ----

void RunMetagraph(const NetworkFlags& f, const std::vector<std::string>& allowed_urls) {
  auto client = ConnectChain(f.network);
  chain::Metagraph g = Check(client->ReadMetagraph(static_cast<uint16_t>(f.netuid)));
  std::printf("subnet %d at block %llu (%s): %zu neurons\n", f.netuid, static_cast<unsigned long long>(g.block),
              g.block_hash.c_str(), g.neurons.size());
  std::printf("%-5s %-48s %s\n", "uid", "hotkey", "commitment");
  for (const chain::Neuron& n : g.neurons)
    std::printf("%-5u %-48s %s\n", unsigned(n.uid), chain::Ss58Encode(n.hotkey).c_str(),
                DescribeCommitment(n.commitment, {.allowed_url_prefixes = allowed_urls}).c_str());
}

struct SetWeightsFlags {
  NetworkFlags net;
  WalletFlags wallet;
  std::string file;
};

void RunSetWeights(const SetWeightsFlags& f) {
  // the "u16" object of `kinitro score --json`, or the whole score output
  std::ifstream in(f.file);
  if (!in) throw std::runtime_error("cannot read " + f.file);
  nlohmann::json j = nlohmann::json::parse(in, nullptr, false);
  if (j.is_discarded()) throw std::runtime_error(f.file + " is not JSON");
  if (j.contains("u16")) j = j["u16"];
  if (!j.is_object() || !j["uids"].is_array() || !j["values"].is_array() || j["uids"].size() != j["values"].size())
    throw std::runtime_error(f.file + ": expected {\"uids\": [...], \"values\": [...]} of equal length");
  std::vector<uint16_t> uids, values;
  for (const auto& u : j["uids"]) {
    if (!u.is_number_unsigned() || u.get<uint64_t>() > 65535) throw std::runtime_error(f.file + ": uids must be 0..65535");
    uids.push_back(u.get<uint16_t>());
  }
  for (const auto& v : j["values"]) {
    if (!v.is_number_unsigned() || v.get<uint64_t>() > 65535) throw std::runtime_error(f.file + ": values must be 0..65535");
    values.push_back(v.get<uint16_t>());
  }
  // scoring.md §8: what the SDK would submit (max-scaled, zeros dropped)
  scoring::ChainWeights w = scoring::ToChainWeights(uids, values);
  if (w.uids.empty()) throw std::runtime_error(f.file + ": every weight is zero; nothing to submit");
  chain::Sr25519Keypair signer = LoadSigner(f.wallet);
  auto client = ConnectChain(f.net.network);
  chain::TxReceipt r = Check(client->SetWeights(static_cast<uint16_t>(f.net.netuid), signer, w.uids, w.values));
  std::printf("set %zu weights on subnet %d in block %s (tx %s)\n", w.uids.size(), f.net.netuid, r.block_hash.c_str(),
              r.tx_hash.c_str());
}

}  // namespace

void AddChainCommands(CLI::App& app) {
  auto commit = std::make_shared<CommitFlags>();
  CLI::App* c = app.add_subcommand("commit", "publish {\"m\":repo,\"r\":revision,\"d\":deployment} as this hotkey's commitment");
  c->add_option("--repo", commit->repo, "Hugging Face repo id namespace/name")->required();
  c->add_option("--revision", commit->revision, "40-hex commit SHA")->required();
  c->add_option("--deployment-id", commit->deployment_id, "Basilica deployment UUID")->required();
  c->add_option("--allow-deployment-url", commit->allowed_urls, "accept a URL deployment with this scheme://host:port prefix (test nets only)");
  AddNetworkFlags(c, commit->net);
  AddWalletFlags(c, commit->wallet);
  c->callback([commit] { RunCommit(*commit); });

  auto show = std::make_shared<ShowFlags>();
  CLI::App* s = app.add_subcommand("show-commitment", "read and decode one miner's commitment");
  s->add_option("--hotkey", show->hotkey, "SS58 hotkey to look up");
  s->add_option("--uid", show->uid, "uid to look up")->check(CLI::Range(0, 65535));
  s->add_option("--allow-deployment-url", show->allowed_urls, "accept URL deployments with this prefix (test nets only)");
  AddNetworkFlags(s, show->net);
  AddWalletFlags(s, show->wallet);
  s->callback([show] { RunShow(*show); });

  CLI::App* ch = app.add_subcommand("chain", "subnet state and weights on chain");
  ch->require_subcommand(1);
  auto meta = std::make_shared<NetworkFlags>();
  auto meta_urls = std::make_shared<std::vector<std::string>>();
  CLI::App* m = ch->add_subcommand("metagraph", "uid, hotkey and decoded commitment of every neuron");
  AddNetworkFlags(m, *meta);
  m->add_option("--allow-deployment-url", *meta_urls, "accept URL deployments with this prefix (test nets only)");
  m->callback([meta, meta_urls] { RunMetagraph(*meta, *meta_urls); });

  auto sw = std::make_shared<SetWeightsFlags>();
  CLI::App* w = ch->add_subcommand("set-weights", "submit the u16 weights of `kinitro score --json` for this hotkey");
  w->add_option("--weights", sw->file, "JSON {\"uids\": [...], \"values\": [...]} (or the whole score --json output)")->required();
  AddNetworkFlags(w, sw->net);
  AddWalletFlags(w, sw->wallet);
  w->callback([sw] { RunSetWeights(*sw); });
}

}  // namespace kinitro::cli
