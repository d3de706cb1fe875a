// Tests for policy/protocol.cc: the JSON of the reference protocol and of its two extensions.
#include "policy/protocol.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace kinitro::policy {
namespace {

using nlohmann::json;

TEST(Protocol, ResetRequestHasExactlyTheReferenceFields) {
  json j = json::parse(EncodeResetRequest({.env_id = "metaworld/button-press-v3",
                                           .task_name = "button-press-topdown-v3",
                                           .seed = 1838301412,
                                           .task_id = 1838301412}));
  ASSERT_EQ(j.size(), 1u);
  const json& tc = j["task_config"];
  EXPECT_EQ(tc.size(), 5u);
  EXPECT_EQ(tc["env_id"], "metaworld/button-press-v3");
  EXPECT_EQ(tc["env_name"], "metaworld");
  EXPECT_EQ(tc["task_name"], "button-press-topdown-v3");
  EXPECT_EQ(tc["seed"], 1838301412);
  EXPECT_EQ(tc["task_id"], 1838301412);
}

TEST(Protocol, ObservationFloatsAreShortestRoundTripOfFloat32) {
  // spec §1.1: float32 0.1 is sent as 0.10000000149011612
  std::string body = EncodeActRequest({.observation = {0.1f, 1.0f, -2.5f, 0.0f}}, ImageEncoding::kNested);
  EXPECT_EQ(body, "{\"observation\":[0.10000000149011612,1.0,-2.5,0.0]}");
}

TEST(Protocol, ActResponseNeedsExactlyFourFiniteNumbers) {
  auto ok = DecodeActResponse(R"({"action": [0.5, -1, 2.0, 0]})");
  ASSERT_TRUE(ok) << ok.error().message;
  EXPECT_EQ(ok.value()[2], 2.0);  // out of range is the caller's to clip and count

  EXPECT_EQ(DecodeActResponse(R"({"action": [0.5, 0]})").error().kind, ErrorKind::kBadShape);
  EXPECT_EQ(DecodeActResponse(R"({"act": [0, 0, 0, 0]})").error().kind, ErrorKind::kBadShape);
  EXPECT_EQ(DecodeActResponse(R"({"action": [0, "1", 0, 0]})").error().kind, ErrorKind::kBadShape);
  EXPECT_EQ(DecodeActResponse(R"([0, 0, 0, 0])").error().kind, ErrorKind::kBadShape);
  EXPECT_EQ(DecodeActResponse("<html>").error().kind, ErrorKind::kBadJson);
  EXPECT_EQ(DecodeActResponse("").error().kind, ErrorKind::kBadJson);
  EXPECT_EQ(DecodeActResponse(R"({"action": [NaN, 0, 0, 0]})").error().kind, ErrorKind::kNonFinite);
  EXPECT_EQ(DecodeActResponse(R"({"action": [1e999, 0, 0, 0]})").error().kind, ErrorKind::kNonFinite);
}

TEST(Protocol, ImagesRoundTripInBothEncodings) {
  Image img{.height = 2, .width = 3, .rgb = {0, 1, 2, 3, 4, 5, 250, 251, 252, 253, 254, 255, 9, 8, 7, 6, 5, 4}};
  for (ImageEncoding enc : {ImageEncoding::kNested, ImageEncoding::kBase64}) {
    std::string body = EncodeActRequest({.observation = {0, 0, 0, 1}, .images = {{"corner", img}}}, enc);
    auto req = DecodeActRequest(body);
    ASSERT_TRUE(req) << req.error().message;
    const Image& back = req->images.at("corner");
    EXPECT_EQ(back.height, 2);
    EXPECT_EQ(back.width, 3);
    EXPECT_EQ(back.rgb, img.rgb);
  }
  // nested is [row][column][channel]
  json j = json::parse(EncodeActRequest({.observation = {0}, .images = {{"corner", img}}}, ImageEncoding::kNested));
  EXPECT_EQ(j["images"]["corner"][1][0], json({253, 254, 255}));
}

TEST(Protocol, MalformedImagesAreRejectedWithReasons) {
  auto bad = [](const std::string& images) {
    auto r = DecodeActRequest(R"({"observation": [0, 0, 0, 1], "images": )" + images + "}");
    return r ? std::string("accepted") : r.error().message;
  };
  EXPECT_NE(bad(R"({"corner": {"encoding": "base64", "shape": [2, 2, 3], "dtype": "uint8", "data": "AAAA"}})").find("bytes"),
            std::string::npos);
  EXPECT_NE(bad(R"({"corner": {"encoding": "png", "shape": [1, 1, 3], "data": ""}})").find("base64"), std::string::npos);
  EXPECT_NE(bad(R"({"corner": [[[1, 2, 3]], [[1, 2]]]})").find("3 channels"), std::string::npos);
  EXPECT_NE(bad(R"({"corner": [[[1, 2, 300]]]})").find("0..255"), std::string::npos);
  EXPECT_NE(bad(R"({"corner": [[[1, 2, 3], [4, 5, 6]], [[1, 2, 3]]]})").find("ragged"), std::string::npos);
}

TEST(Protocol, ServerSideParsingIsLaxWhereTheReferenceIs) {
  // unknown keys ignored, nulls allowed, any whitespace, 64-bit seeds (spec §1.4)
  auto reset = DecodeResetRequest(R"({ "task_config" : { "env_id": "metaworld/push-v3", "seed": null, "extra": 1 }, "x": 2 })");
  ASSERT_TRUE(reset) << reset.error().message;
  EXPECT_EQ(reset->env_id, "metaworld/push-v3");
  EXPECT_FALSE(reset->seed.has_value());
  auto act = DecodeActRequest(R"({"observation": [1, 2.5], "seed": 2147483666, "images": null})");
  ASSERT_TRUE(act) << act.error().message;
  EXPECT_EQ(act->observation.size(), 2u);
  EXPECT_EQ(*act->seed, 2147483666);
  EXPECT_FALSE(DecodeActRequest(R"({"seed": 1})"));
  EXPECT_FALSE(DecodeActRequest(R"({"observation": [1, "a"]})"));
  EXPECT_FALSE(DecodeResetRequest(R"({"task_config": {"seed": "12"}})"));
  EXPECT_FALSE(DecodeResetRequest(R"({})"));
}

TEST(Protocol, ResetCarriesAMetaWorldRandVecOnlyWhenSet) {
  json plain = json::parse(EncodeResetRequest({.env_id = "metaworld/push-v3", .seed = 3}));
  EXPECT_FALSE(plain["task_config"].contains("rand_vec")) << "reference servers see the reference body";
  std::string body = EncodeResetRequest({.env_id = "metaworld/push-v3", .seed = 3, .rand_vec = {0.1, 0.65, 0.02}});
  auto back = DecodeResetRequest(body);
  ASSERT_TRUE(back) << back.error().message;
  EXPECT_EQ(back->rand_vec, (std::vector<double>{0.1, 0.65, 0.02}));
  EXPECT_FALSE(DecodeResetRequest(R"({"task_config": {"rand_vec": [1, "a"]}})"));
  EXPECT_FALSE(DecodeResetRequest(R"({"task_config": {"rand_vec": {"x": 1}}})"));
  EXPECT_FALSE(DecodeResetRequest(R"({"task_config": {"rand_vec": [0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0]}})"));
}

TEST(Protocol, HealthExtensionsAreOptional) {
  auto reference = DecodeHealth(R"({"status": "healthy", "model_loaded": true, "uptime_seconds": 1.5})");
  ASSERT_TRUE(reference);
  EXPECT_FALSE(reference->sessions);
  EXPECT_TRUE(reference->image_encodings.empty());
  auto ours = DecodeHealth(EncodeHealth({.status = "healthy", .model_loaded = true, .image_encodings = {"base64"}, .sessions = true}));
  ASSERT_TRUE(ours);
  EXPECT_TRUE(ours->sessions);
  EXPECT_EQ(ours->image_encodings, std::vector<std::string>{"base64"});
  EXPECT_FALSE(DecodeHealth(R"({"status": "healthy"})"));
}

TEST(Protocol, ResetBodyIsOptional) {
  EXPECT_EQ(DecodeResetEpisodeId(R"({"status": "ok", "episode_id": "abc"})"), "abc");
  EXPECT_EQ(DecodeResetEpisodeId(""), "");
  EXPECT_EQ(DecodeResetEpisodeId("not json"), "");
}

}  // namespace
}  // namespace kinitro::policy
