// Tests for chain/file_chain_client.cc: the local-mode chain keeps the ChainClient contract
// (round trips, size limit, weights, commit-reveal refusal) across processes and threads.
#include "chain/file_chain_client.h"

#include <unistd.h>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <thread>

#include "chain/open_chain_client.h"
#include "chain/suri.h"

namespace kinitro::chain {
namespace {

namespace fs = std::filesystem;

class FileChain : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("kinitro-file-chain-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
    path_ = dir_ / "chain.json";
  }
  void TearDown() override { fs::remove_all(dir_); }
  static Sr25519Keypair Key(int i) { return Sr25519FromSuri("//Alice//file-chain-" + std::to_string(i)).value(); }

  fs::path dir_, path_;
};

TEST_F(FileChain, CommitThenReadBackFromAnotherInstance) {
  FileChainClient writer(path_);
  ASSERT_TRUE(writer.SetCommitment(3, Key(0), R"({"m":"a/b"})"));
  ASSERT_TRUE(writer.SetCommitment(3, Key(1), "second"));
  FileChainClient reader(path_);
  auto c = reader.ReadCommitment(3, Key(0).public_key);
  ASSERT_TRUE(c) << c.error().message;
  ASSERT_TRUE(c->has_value());
  EXPECT_EQ((*c)->text, R"({"m":"a/b"})");
  EXPECT_EQ((*c)->block, 1u);
  auto g = reader.ReadMetagraph(3);
  ASSERT_TRUE(g) << g.error().message;
  ASSERT_EQ(g->neurons.size(), 2u);
  EXPECT_EQ(g->neurons[1].uid, 1);
  EXPECT_EQ(g->neurons[1].hotkey, Key(1).public_key);
  EXPECT_EQ(*reader.CurrentBlock(), 2u);
  // a hotkey that never committed has none; an unknown subnet is an error for the metagraph
  EXPECT_FALSE(reader.ReadCommitment(3, Key(9).public_key)->has_value());
  EXPECT_FALSE(reader.ReadMetagraph(4));
}

TEST_F(FileChain, OversizeCommitmentIsRefusedAndNothingIsWritten) {
  FileChainClient chain(path_);
  auto r = chain.SetCommitment(1, Key(0), std::string(129, 'x'));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, ErrorKind::kTooLarge);
  EXPECT_FALSE(fs::exists(path_));
}

TEST_F(FileChain, WeightsRoundTripAndCommitRevealIsRefused) {
  FileChainClient chain(path_);
  std::vector<uint16_t> uids = {0, 2}, values = {65535, 1000};
  ASSERT_TRUE(chain.SetWeights(1, Key(5), uids, values));
  auto w = chain.ReadWeights(1, 0);
  ASSERT_TRUE(w);
  EXPECT_EQ(*w, (std::vector<std::pair<uint16_t, uint16_t>>{{0, 65535}, {2, 1000}}));
  std::vector<uint16_t> one = {1};
  EXPECT_FALSE(chain.SetWeights(1, Key(5), uids, one));  // mismatched lengths

  // switch commit-reveal on in the file: setting weights must fail and say why
  nlohmann::json j = nlohmann::json::parse(std::ifstream(path_));
  j["subnets"]["1"]["commit_reveal"] = true;
  std::ofstream(path_) << j.dump();
  auto r = chain.SetWeights(1, Key(5), uids, values);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("commit-reveal is enabled"), std::string::npos) << r.error().message;
}

TEST_F(FileChain, ConcurrentWritersLoseNothing) {
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      FileChainClient chain(path_);  // each writer on its own handle, as separate processes would be
      for (int i = 0; i < 10; ++i) ASSERT_TRUE(chain.SetCommitment(1, Key(t * 10 + i), "c" + std::to_string(i)));
    });
  }
  for (auto& t : threads) t.join();
  auto g = FileChainClient(path_).ReadMetagraph(1);
  ASSERT_TRUE(g);
  EXPECT_EQ(g->neurons.size(), 40u);
  EXPECT_EQ(g->block, 40u);
}

TEST_F(FileChain, CorruptFileIsReportedWithItsPath) {
  std::ofstream(path_) << "{not json";
  auto r = FileChainClient(path_).CurrentBlock();
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find(path_.string()), std::string::npos) << r.error().message;
}

TEST_F(FileChain, NetworkNameSelectsTheImplementation) {
  auto c = OpenChainClient("file:" + path_.string());
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_NE(dynamic_cast<FileChainClient*>(c->get()), nullptr);
  EXPECT_FALSE(OpenChainClient("file:"));
  EXPECT_FALSE(OpenChainClient("gopher://x"));
}

}  // namespace
}  // namespace kinitro::chain
