#include "eval/remote_episode.h"

#include <algorithm>
#include <chrono>

namespace kinitro::eval {
namespace {

using Clock = std::chrono::steady_clock;

void CountError(EpisodeRecord& rec, const Error& e) {
  ++rec.errors[std::string(ErrorKindName(e.kind))];
  if (rec.first_error.empty()) rec.first_error = e.message;
}

void Render(sim::Renderer& renderer, const sim::Env& env, policy::ActRequest& req) {
  for (auto [cam, name] : {std::pair{sim::Camera::kCorner, "corner"}, std::pair{sim::Camera::kGripper, "gripper"}}) {
    policy::Image& img = req.images[name];
    img.height = renderer.height();
    img.width = renderer.width();
    img.rgb.resize(renderer.frame_bytes());
    renderer.Render(env.mj_model(), env.mj_data(), cam, img.rgb);
  }
}

}  // namespace

EpisodeRecord RunRemoteEpisode(sim::Env& env, policy::PolicyClient& client, sim::Renderer* renderer,
                               const EpisodeStart& start, const EpisodeRules& rules) {
  const uint64_t seed = start.seed;
  EpisodeRecord rec;
  rec.env_id = std::string(env.env_id());
  rec.seed = seed;
  auto started = Clock::now();
  auto deadline = started + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(rules.deadline_s));

  // the policy learns the task first, then the simulator resets (reference order, spec §1.8)
  const sim::TaskSpec& spec = env.model().spec();
  auto episode_id = client.Reset({.env_id = std::string(spec.env_id),
                                  .task_name = std::string(spec.name),
                                  .seed = int64_t(seed),
                                  .task_id = int64_t(seed),
                                  .rand_vec = {start.rand_vec.begin(), start.rand_vec.end()}});
  if (!episode_id) {
    rec.unavailable = true;
    CountError(rec, episode_id.error());
    return rec;
  }
  env.Reset(seed, start.rand_vec);

  policy::ActRequest req;
  if (rules.sessions) req.episode_id = episode_id.value();
  int consecutive_failures = 0;
  while (!env.episode_over()) {
    if (Clock::now() >= deadline) {
      rec.deadline = true;
      ++rec.errors["deadline"];
      break;
    }
    auto obs = env.KinitroObservation();
    req.observation.assign(obs.begin(), obs.end());
    if (rules.images) Render(*renderer, env, req);

    auto t0 = Clock::now();
    auto action = client.Act(req, rules.encoding);
    sim::Action a{0, 0, 0, 0};  // a failed call holds the robot still for this step
    if (action) {
      rec.act_ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
      consecutive_failures = 0;
      bool out_of_range = false;
      for (int i = 0; i < 4; ++i) {
        out_of_range |= action.value()[i] < -1 || action.value()[i] > 1;
        a[i] = std::clamp(action.value()[i], -1.0, 1.0);
      }
      if (out_of_range) ++rec.errors["out_of_range"];
    } else {
      CountError(rec, action.error());
      if (++consecutive_failures >= rules.max_consecutive_failures) {
        rec.aborted = true;
        break;
      }
    }

    sim::StepResult step = env.Step(a);
    ++rec.steps;
    rec.total_reward += step.eval.reward;
    if (step.eval.success && rec.first_success_step < 0) rec.first_success_step = rec.steps;
  }
  // only an episode that ran to its end scores
  rec.success = rec.first_success_step > 0 && !rec.aborted && !rec.deadline;
  return rec;
}

}  // namespace kinitro::eval
