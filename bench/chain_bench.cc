// sr25519 sign and verify throughput (chain/sr25519.cc), with the merlin transcript alone and a
// bare libsodium ristretto255 base multiplication as baselines. Fixed key (//Alice) and message.
#include <benchmark/benchmark.h>
#include <sodium.h>

#include "chain/merlin.h"
#include "chain/sr25519.h"
#include "chain/suri.h"

namespace kinitro::chain {
namespace {

// a 194-byte message: the size of the set_commitment signing payload (spec/chain.md §8.6 A)
const Bytes kMessage(194, 0x5a);

void BM_Sr25519Sign(benchmark::State& state) {
  Sr25519Keypair kp = Sr25519FromSuri("//Alice").value();
  for (auto _ : state) benchmark::DoNotOptimize(Sr25519Sign(kp, kMessage));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Sr25519Sign);

void BM_Sr25519Verify(benchmark::State& state) {
  Sr25519Keypair kp = Sr25519FromSuri("//Alice").value();
  Sr25519Signature sig = Sr25519Sign(kp, kMessage);
  for (auto _ : state) {
    Status ok = Sr25519Verify(kMessage, sig, kp.public_key);
    if (!ok) state.SkipWithError(ok.error().message.c_str());
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Sr25519Verify);

void BM_HardDerive(benchmark::State& state) {
  Sr25519Keypair kp = Sr25519FromSuri("//Alice").value();
  ChainCode cc = MakeJunction("hotkey", true).chain_code;
  for (auto _ : state) benchmark::DoNotOptimize(Sr25519HardDerive(kp, cc));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_HardDerive);

// baseline: the transcript work of one signature (5 appends, 1 rng, 1 challenge) without curve math
void BM_MerlinSigningTranscript(benchmark::State& state) {
  std::array<uint8_t, 32> zero{};
  for (auto _ : state) {
    Transcript t("SigningContext");
    t.AppendMessage("", AsBytes("substrate"));
    t.AppendMessage("sign-bytes", kMessage);
    t.AppendMessage("proto-name", AsBytes("Schnorr-sig"));
    t.AppendMessage("sign:pk", zero);
    std::array<uint8_t, 64> w{};
    t.BuildRng().RekeyWithWitnessBytes("signing", zero).Finalize(zero).FillBytes(w);
    t.AppendMessage("sign:R", zero);
    t.ChallengeBytes("sign:c", w);
    benchmark::DoNotOptimize(w);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_MerlinSigningTranscript);

// baseline: one ristretto255 base multiplication (a signature needs one, a verification two mults)
void BM_RistrettoBaseMul(benchmark::State& state) {
  if (sodium_init() < 0) state.SkipWithError("sodium_init failed");
  std::array<uint8_t, 32> scalar{}, point{};
  crypto_core_ristretto255_scalar_random(scalar.data());
  for (auto _ : state) {
    benchmark::DoNotOptimize(crypto_scalarmult_ristretto255_base(point.data(), scalar.data()));
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_RistrettoBaseMul);

}  // namespace
}  // namespace kinitro::chain
