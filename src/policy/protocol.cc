#include "policy/protocol.h"

#include <nlohmann/json.hpp>
#include <openssl/evp.h>

#include <cmath>
#include <limits>

namespace kinitro::policy {
namespace {

using nlohmann::json;

Error Bad(ErrorKind kind, std::string msg) { return Error{kind, std::move(msg)}; }

// parse errors become kBadJson, except Python's NaN/Infinity literals and numbers that overflow
// a double, which are kNonFinite
Result<json> Parse(std::string_view body, std::string_view what) {
  try {
    return json::parse(body);
  } catch (const json::out_of_range&) {
    return Bad(ErrorKind::kNonFinite, std::string(what) + " contains a number too large for a double");
  } catch (const json::exception&) {
    if (body.find("NaN") != std::string_view::npos || body.find("Infinity") != std::string_view::npos) {
      return Bad(ErrorKind::kNonFinite, std::string(what) + " contains NaN or Infinity");
    }
    std::string head(body.substr(0, 80));
    return Bad(ErrorKind::kBadJson, std::string(what) + " is not JSON: '" + head + (body.size() > 80 ? "…'" : "'"));
  }
}

// "[[[r,g,b],...],...]" written directly: ~20x faster than building a json value
void AppendNested(std::string& out, const Image& img) {
  static const auto kDigits = [] {
    std::array<std::string, 256> d;
    for (int i = 0; i < 256; ++i) d[i] = std::to_string(i);
    return d;
  }();
  out += '[';
  for (int r = 0; r < img.height; ++r) {
    out += r ? ",[" : "[";
    for (int c = 0; c < img.width; ++c) {
      const uint8_t* px = img.rgb.data() + (size_t(r) * img.width + c) * 3;
      out += c ? ",[" : "[";
      out += kDigits[px[0]];
      out += ',';
      out += kDigits[px[1]];
      out += ',';
      out += kDigits[px[2]];
      out += ']';
    }
    out += ']';
  }
  out += ']';
}

std::string Base64(const std::vector<uint8_t>& bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3), '\0');
  int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), bytes.data(), int(bytes.size()));
  out.resize(size_t(n));
  return out;
}

Result<std::vector<uint8_t>> Unbase64(const std::string& text) {
  if (text.size() % 4 != 0) return Bad(ErrorKind::kBadShape, "image data is not base64 (length not a multiple of 4)");
  std::vector<uint8_t> out(text.size() / 4 * 3);
  int n = EVP_DecodeBlock(out.data(), reinterpret_cast<const unsigned char*>(text.data()), int(text.size()));
  if (n < 0) return Bad(ErrorKind::kBadShape, "image data is not valid base64");
  // EVP_DecodeBlock counts padding as zero bytes
  size_t pad = text.empty() ? 0 : (text.back() == '=') + (text.size() > 1 && text[text.size() - 2] == '=');
  out.resize(size_t(n) - pad);
  return out;
}

Result<Image> DecodeImage(const std::string& camera, const json& v) {
  Image img;
  std::string where = "images." + camera;
  if (v.is_object()) {  // compact extension
    if (v.value("encoding", "") != "base64" || v.value("dtype", "uint8") != "uint8") {
      return Bad(ErrorKind::kBadShape, where + ": expected encoding \"base64\" and dtype \"uint8\"");
    }
    const json& shape = v.value("shape", json());
    if (!shape.is_array() || shape.size() != 3 || !shape[0].is_number_integer() || !shape[1].is_number_integer() ||
        shape[2] != 3 || shape[0].get<int64_t>() <= 0 || shape[1].get<int64_t>() <= 0 ||
        shape[0].get<int64_t>() > 4096 || shape[1].get<int64_t>() > 4096) {
      return Bad(ErrorKind::kBadShape, where + ".shape must be [height, width, 3] with sides in 1..4096");
    }
    if (!v.contains("data") || !v["data"].is_string()) return Bad(ErrorKind::kBadShape, where + ".data must be a string");
    auto bytes = Unbase64(v["data"].get<std::string>());
    if (!bytes) return Bad(bytes.error().kind, where + ": " + bytes.error().message);
    img.height = shape[0].get<int>();
    img.width = shape[1].get<int>();
    if (bytes->size() != size_t(img.height) * img.width * 3) {
      return Bad(ErrorKind::kBadShape, where + ": data has " + std::to_string(bytes->size()) + " bytes, shape needs " +
                                           std::to_string(size_t(img.height) * img.width * 3));
    }
    img.rgb = std::move(bytes).value();
    return img;
  }
  // nested lists [row][column][channel]
  if (!v.is_array() || v.empty() || !v[0].is_array() || v[0].empty()) {
    return Bad(ErrorKind::kBadShape, where + " must be a height x width x 3 nested list or a base64 object");
  }
  img.height = int(v.size());
  img.width = int(v[0].size());
  img.rgb.reserve(size_t(img.height) * img.width * 3);
  for (const json& row : v) {
    if (!row.is_array() || int(row.size()) != img.width) return Bad(ErrorKind::kBadShape, where + ": ragged rows");
    for (const json& px : row) {
      if (!px.is_array() || px.size() != 3) return Bad(ErrorKind::kBadShape, where + ": pixels must have 3 channels");
      for (const json& c : px) {
        if (!c.is_number_integer() || c.get<int64_t>() < 0 || c.get<int64_t>() > 255) {
          return Bad(ErrorKind::kBadShape, where + ": channel values must be integers 0..255");
        }
        img.rgb.push_back(uint8_t(c.get<int>()));
      }
    }
  }
  return img;
}

Result<std::optional<int64_t>> OptionalInt(const json& obj, const char* key, const std::string& where) {
  if (!obj.contains(key) || obj[key].is_null()) return std::optional<int64_t>{};
  const json& v = obj[key];
  if (v.is_number_unsigned() && v.get<uint64_t>() > uint64_t(std::numeric_limits<int64_t>::max())) {
    return Bad(ErrorKind::kBadShape, where + key + " is out of the 64-bit range");
  }
  if (!v.is_number_integer()) return Bad(ErrorKind::kBadShape, where + key + " must be an integer");
  return std::optional<int64_t>(v.get<int64_t>());
}

Result<std::string> OptionalString(const json& obj, const char* key, const std::string& where) {
  if (!obj.contains(key) || obj[key].is_null()) return std::string();
  if (!obj[key].is_string()) return Bad(ErrorKind::kBadShape, where + key + " must be a string");
  return obj[key].get<std::string>();
}

}  // namespace

std::string EncodeResetRequest(const TaskConfig& c) {
  json tc = {{"env_id", c.env_id}, {"env_name", c.env_name}, {"task_name", c.task_name}};
  tc["seed"] = c.seed ? json(*c.seed) : json(nullptr);
  tc["task_id"] = c.task_id ? json(*c.task_id) : json(nullptr);
  if (!c.rand_vec.empty()) tc["rand_vec"] = c.rand_vec;
  return json{{"task_config", tc}}.dump();
}

std::string EncodeActRequest(const ActRequest& r, ImageEncoding encoding) {
  json obs = json::array();
  for (float x : r.observation) obs.push_back(double(x));  // shortest round-trip of the float32 value
  std::string out = "{\"observation\":" + obs.dump();
  if (r.seed) out += ",\"seed\":" + std::to_string(*r.seed);
  if (!r.episode_id.empty()) out += ",\"episode_id\":" + json(r.episode_id).dump();
  if (!r.images.empty()) {
    out += ",\"images\":{";
    bool first = true;
    for (const auto& [camera, img] : r.images) {
      out += first ? "" : ",";
      first = false;
      out += json(camera).dump() + ":";
      if (encoding == ImageEncoding::kNested) {
        AppendNested(out, img);
      } else {
        out += "{\"encoding\":\"base64\",\"dtype\":\"uint8\",\"shape\":[" + std::to_string(img.height) + "," +
               std::to_string(img.width) + ",3],\"data\":\"" + Base64(img.rgb) + "\"}";
      }
    }
    out += "}";
  }
  out += "}";
  return out;
}

Result<ActionVec> DecodeActResponse(std::string_view body) {
  auto j = Parse(body, "/act response");
  if (!j) return j.error();
  if (!j->is_object() || !j->contains("action")) return Bad(ErrorKind::kBadShape, "/act response has no \"action\" field");
  const json& a = (*j)["action"];
  if (!a.is_array() || a.size() != 4) {
    return Bad(ErrorKind::kBadShape, "\"action\" must be a list of 4 numbers, got " + a.dump().substr(0, 80));
  }
  ActionVec out;
  for (size_t i = 0; i < 4; ++i) {
    if (!a[i].is_number()) return Bad(ErrorKind::kBadShape, "\"action\"[" + std::to_string(i) + "] is not a number");
    out[i] = a[i].get<double>();
    if (!std::isfinite(out[i])) return Bad(ErrorKind::kNonFinite, "\"action\"[" + std::to_string(i) + "] is not finite");
  }
  return out;
}

Result<Health> DecodeHealth(std::string_view body) {
  auto j = Parse(body, "/health response");
  if (!j) return j.error();
  if (!j->is_object()) return Bad(ErrorKind::kBadShape, "/health response is not a JSON object");
  Health h;
  const json& o = *j;
  if (!o.contains("status") || !o["status"].is_string()) return Bad(ErrorKind::kBadShape, "/health: \"status\" must be a string");
  if (!o.contains("model_loaded") || !o["model_loaded"].is_boolean()) {
    return Bad(ErrorKind::kBadShape, "/health: \"model_loaded\" must be a boolean");
  }
  if (!o.contains("uptime_seconds") || !o["uptime_seconds"].is_number()) {
    return Bad(ErrorKind::kBadShape, "/health: \"uptime_seconds\" must be a number");
  }
  h.status = o["status"].get<std::string>();
  h.model_loaded = o["model_loaded"].get<bool>();
  h.uptime_seconds = o["uptime_seconds"].get<double>();
  if (o.contains("image_encodings") && o["image_encodings"].is_array()) {
    for (const json& e : o["image_encodings"]) {
      if (e.is_string()) h.image_encodings.push_back(e.get<std::string>());
    }
  }
  h.sessions = o.contains("sessions") && o["sessions"].is_boolean() && o["sessions"].get<bool>();
  return h;
}

std::string DecodeResetEpisodeId(std::string_view body) {
  json j = json::parse(body, nullptr, false);
  if (j.is_object() && j.contains("episode_id") && j["episode_id"].is_string()) return j["episode_id"].get<std::string>();
  return {};
}

Result<TaskConfig> DecodeResetRequest(std::string_view body) {
  auto j = Parse(body, "request body");
  if (!j) return j.error();
  if (!j->is_object() || !j->contains("task_config") || !(*j)["task_config"].is_object()) {
    return Bad(ErrorKind::kBadShape, "body must be {\"task_config\": {...}}");
  }
  const json& tc = (*j)["task_config"];
  const std::string where = "task_config.";
  TaskConfig c;
  auto env_id = OptionalString(tc, "env_id", where);
  auto env_name = OptionalString(tc, "env_name", where);
  auto task_name = OptionalString(tc, "task_name", where);
  auto seed = OptionalInt(tc, "seed", where);
  auto task_id = OptionalInt(tc, "task_id", where);
  for (const Error* e : {env_id ? nullptr : &env_id.error(), env_name ? nullptr : &env_name.error(),
                         task_name ? nullptr : &task_name.error(), seed ? nullptr : &seed.error(),
                         task_id ? nullptr : &task_id.error()}) {
    if (e) return *e;
  }
  c.env_id = env_id.value();
  c.env_name = env_name.value();
  c.task_name = task_name.value();
  c.seed = seed.value();
  c.task_id = task_id.value();
  if (tc.contains("rand_vec") && !tc["rand_vec"].is_null()) {
    const json& r = tc["rand_vec"];
    constexpr size_t kMaxRandVec = 16;  // MetaWorld's vectors have 3 or 6 numbers
    if (!r.is_array() || r.size() > kMaxRandVec) {
      return Bad(ErrorKind::kBadShape, where + "rand_vec must be an array of at most 16 numbers");
    }
    for (const json& x : r) {
      if (!x.is_number() || !std::isfinite(x.get<double>())) {
        return Bad(ErrorKind::kBadShape, where + "rand_vec must hold finite numbers only");
      }
      c.rand_vec.push_back(x.get<double>());
    }
  }
  return c;
}

Result<ActRequest> DecodeActRequest(std::string_view body) {
  auto j = Parse(body, "request body");
  if (!j) return j.error();
  if (!j->is_object()) return Bad(ErrorKind::kBadShape, "body must be a JSON object");
  const json& o = *j;
  if (!o.contains("observation") || !o["observation"].is_array()) {
    return Bad(ErrorKind::kBadShape, "\"observation\" must be a list of numbers");
  }
  ActRequest r;
  for (const json& x : o["observation"]) {
    if (!x.is_number()) return Bad(ErrorKind::kBadShape, "\"observation\" must contain numbers only");
    double v = x.get<double>();
    if (!std::isfinite(v)) return Bad(ErrorKind::kNonFinite, "\"observation\" contains a non-finite number");
    r.observation.push_back(float(v));
  }
  auto seed = OptionalInt(o, "seed", "");
  if (!seed) return seed.error();
  r.seed = seed.value();
  auto episode = OptionalString(o, "episode_id", "");
  if (!episode) return episode.error();
  r.episode_id = episode.value();
  if (o.contains("images") && !o["images"].is_null()) {
    if (!o["images"].is_object()) return Bad(ErrorKind::kBadShape, "\"images\" must be an object camera -> image");
    for (const auto& [camera, v] : o["images"].items()) {
      auto img = DecodeImage(camera, v);
      if (!img) return img.error();
      r.images.emplace(camera, std::move(img).value());
    }
  }
  return r;
}

std::string EncodeHealth(const Health& h) {
  return json{{"status", h.status},
              {"model_loaded", h.model_loaded},
              {"uptime_seconds", h.uptime_seconds},
              {"image_encodings", h.image_encodings},
              {"sessions", h.sessions}}
      .dump();
}

std::string EncodeResetResponse(const std::string& episode_id) {
  return json{{"status", "ok"}, {"episode_id", episode_id}}.dump();
}

std::string EncodeActResponse(const ActionVec& a) { return json{{"action", {a[0], a[1], a[2], a[3]}}}.dump(); }

}  // namespace kinitro::policy
