#include "backend/scheduler/seeds.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <cstdio>
#include <stdexcept>

namespace kinitro::backend {
namespace {

std::array<uint8_t, 32> HmacSha256(const void* key, size_t key_len, std::string_view msg) {
  std::array<uint8_t, 32> out{};
  unsigned int len = 0;
  if (!HMAC(EVP_sha256(), key, int(key_len), reinterpret_cast<const unsigned char*>(msg.data()), msg.size(), out.data(), &len)) {
    throw std::runtime_error("HMAC-SHA256 failed (OpenSSL)");
  }
  return out;
}

}  // namespace

CycleKey DeriveCycleKey(std::string_view operator_secret, int64_t cycle_id) {
  return HmacSha256(operator_secret.data(), operator_secret.size(), "kinitro-cycle-v1/" + std::to_string(cycle_id));
}

int64_t EpisodeSeed(const CycleKey& key, std::string_view env_id, int episode_index) {
  auto mac = HmacSha256(key.data(), key.size(), std::string(env_id) + "/" + std::to_string(episode_index));
  uint32_t v = uint32_t(mac[0]) << 24 | uint32_t(mac[1]) << 16 | uint32_t(mac[2]) << 8 | uint32_t(mac[3]);
  return int64_t(v & 0x7FFFFFFFu);
}

std::string RandomUuid() {
  uint8_t b[16];
  if (RAND_bytes(b, sizeof b) != 1) throw std::runtime_error("no randomness for a UUID (OpenSSL RAND_bytes)");
  b[6] = uint8_t((b[6] & 0x0F) | 0x40);  // version 4
  b[8] = uint8_t((b[8] & 0x3F) | 0x80);  // variant 10
  char s[37];
  std::snprintf(s, sizeof s, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", b[0], b[1], b[2], b[3],
                b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]);
  return s;
}

}  // namespace kinitro::backend
