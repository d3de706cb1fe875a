// Tests for miner/commitment.cc: the spec's examples (miner.md §4.1, §4.5) under kinitro's rules.
#include "miner/commitment.h"

#include <gtest/gtest.h>

namespace kinitro::miner {
namespace {

const std::string kSha = "0000000000000000000000000000000000000000";
const std::string kUuid = "123e4567-e89b-12d3-a456-426614174000";

TEST(Commitment, EncodesTheSpecExampleExactly) {
  auto text = EncodeCommitment({"your-username/kinitro-policy", kSha, kUuid});
  ASSERT_TRUE(text) << text.error().message;
  EXPECT_EQ(*text, R"({"m":"your-username/kinitro-policy","r":")" + kSha + R"(","d":")" + kUuid + R"("})");
  EXPECT_EQ(text->size(), 126u);
}

TEST(Commitment, RefusesOversizeWithTheSize) {
  auto text = EncodeCommitment({"a-much-longer-user-name/policy-x", kSha, kUuid});  // 32-char repo
  ASSERT_FALSE(text);
  EXPECT_NE(text.error().message.find("130 bytes > 128"), std::string::npos) << text.error().message;
}

TEST(Commitment, ParsesShortAndLongKeysAndLegacy) {
  for (std::string raw : {R"({"m":"a/b","r":")" + kSha + R"(","d":")" + kUuid + R"("})",
                          R"({"model":"a/b","revision":")" + kSha + R"(","deployment_id":")" + kUuid + R"("})",
                          "a/b:" + kSha + ":" + kUuid}) {
    auto c = ParseCommitment(raw);
    ASSERT_TRUE(c) << raw << ": " << c.error().message;
    EXPECT_EQ(c->repo, "a/b");
    EXPECT_EQ(c->revision, kSha);
    EXPECT_EQ(EndpointUrl(*c), "https://" + kUuid + ".deployments.basilica.ai");
  }
}

TEST(Commitment, RejectsWhatTheReferenceLetThrough) {
  auto why = [](const std::string& raw) {
    auto c = ParseCommitment(raw);
    return c ? std::string("accepted") : c.error().message;
  };
  EXPECT_NE(why(R"({"m":"a/b","r":"c1"})").find("no \"d\""), std::string::npos);
  EXPECT_NE(why(R"({"m":"a/b","r":"","d":"u"})").find("revision"), std::string::npos);  // no colon fallback
  EXPECT_NE(why(R"({"m":"a/b","r":")" + kSha + R"(","d":5})").find("not a string"), std::string::npos);
  EXPECT_NE(why(R"({"m":"a/b","r":"main","d":")" + kUuid + R"("})").find("commit SHA"), std::string::npos);
  EXPECT_NE(why("a/b:" + kSha + ":https://x.io").find("Basilica"), std::string::npos);
  EXPECT_NE(why(R"({"m":"a/b","r":")" + kSha + R"(","d":"evil.example/#"})").find("Basilica"), std::string::npos);
  EXPECT_NE(why(R"({"m":"a/b","r":")" + kSha + R"(","d":"http://10.0.0.1/"})").find("allow-list"), std::string::npos);
  EXPECT_NE(why(R"({"m":"-a/b","r":")" + kSha + R"(","d":")" + kUuid + R"("})").find("repo"), std::string::npos);
  EXPECT_NE(why(R"({"m":"a/b","r":")" + kSha + R"(","d":")" + kUuid + R"(","x":1})").find("unknown key"), std::string::npos);
  EXPECT_NE(why("a/b").find("neither"), std::string::npos);
}

TEST(Commitment, UrlsOnlyBehindTheOperatorAllowList) {
  DeploymentPolicy local{.allowed_url_prefixes = {"http://127.0.0.1:8001"}};
  std::string raw = R"({"m":"a/b","r":")" + kSha + R"(","d":"http://127.0.0.1:8001/"})";
  auto c = ParseCommitment(raw, local);
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(EndpointUrl(*c), "http://127.0.0.1:8001");
  EXPECT_FALSE(ParseCommitment(raw));  // default policy: mainnet
  // the prefix must end the authority
  EXPECT_FALSE(ParseCommitment(R"({"m":"a/b","r":")" + kSha + R"(","d":"http://127.0.0.1:80010"})", local));
  EXPECT_FALSE(ParseCommitment(R"({"m":"a/b","r":")" + kSha + R"(","d":"http://127.0.0.1:8001@evil.io"})", local));
}

}  // namespace
}  // namespace kinitro::miner
