// LoadMetaWorldTasks (sim/metaworld_tasks.h): MetaWorld Task files, pickled or JSON.
#include <fstream>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <unordered_map>

#include "sim/env.h"
#include "sim/metaworld_tasks.h"
#include "sim/numpy_pickle.h"
#include "sim/pickle_reader.h"
#include "sim/tasks/registry.h"

namespace kinitro::sim {
namespace {

using Kind = PickleValue::Kind;
using nlohmann::json;

constexpr size_t kMaxFileBytes = kMaxPickleBytes;  // for JSON too
constexpr size_t kMaxTasks = 10000;                // MetaWorld's largest benchmark, MT50, has 2,500
constexpr int kMaxJsonDepth = 8;                   // {"tasks": [{"rand_vec": [...]}]} needs 4

[[noreturn]] void Fail(const std::string& problem) { throw std::invalid_argument(problem); }

// What a task file may name. env_cls names the env class, which is only recorded, never looked
// up: the task is its env_name.
bool IsTaskFileGlobal(std::string_view module, std::string_view name) {
  return ((module == "metaworld.types" || module == "metaworld") && name == "Task") ||
         module.starts_with("metaworld.envs.") || IsNumpyArrayGlobal(module, name) ||
         IsPickleBytesEncoder(module, name);
}
constexpr PickleGlobals kTaskFileGlobals = {
    .allow = IsTaskFileGlobal,
    .description = "metaworld.types.Task, MetaWorld env classes, numpy arrays and dtypes, _codecs.encode"};

PickleTree Unpickle(std::string_view bytes) {
  return ReadPickle(std::as_bytes(std::span(bytes.data(), bytes.size())), kTaskFileGlobals);
}

// Task.data: pickle.dumps(dict(rand_vec=<ndarray>, env_cls=<class>, partially_observable=<bool>))
struct TaskData {
  std::vector<double> rand_vec;
  bool partially_observable = true;
};

TaskData ReadTaskData(std::string_view bytes, const std::string& what) {
  PickleTree tree;
  try {
    tree = Unpickle(bytes);
  } catch (const std::invalid_argument& e) {
    Fail(what + ": " + e.what());
  }
  const PickleValue& dict = tree[tree.root];
  if (dict.kind != Kind::kDict) Fail(what + " is " + DescribePickleValue(tree, tree.root) + ", not a dict");
  // MetaWorld's set_task takes these three keys and hands any other to _set_task_inner, which
  // no kinitro task accepts, so another key means a file MetaWorld could not load either
  for (size_t i = 0; i < dict.items.size(); i += 2) {
    const PickleValue& key = tree[dict.items[i]];
    if (key.kind != Kind::kStr || (key.text != "rand_vec" && key.text != "env_cls" && key.text != "partially_observable")) {
      Fail(what + " has the key " + DescribePickleValue(tree, dict.items[i]) +
           " (a Task's data holds rand_vec, env_cls and partially_observable)");
    }
  }
  auto rand_vec = PickleDictFind(tree, tree.root, "rand_vec", what);
  auto env_cls = PickleDictFind(tree, tree.root, "env_cls", what);
  auto observability = PickleDictFind(tree, tree.root, "partially_observable", what);
  if (!rand_vec) Fail(what + " has no rand_vec");
  if (!env_cls || tree[*env_cls].kind != Kind::kGlobal) Fail(what + " has no env_cls class");
  if (!observability || tree[*observability].kind != Kind::kBool) Fail(what + " has no partially_observable bool");
  return {NumpyFloat64Vector(tree, *rand_vec, what + ": rand_vec"), tree[*observability].boolean};
}

// a metaworld.Task, a NamedTuple: NEWOBJ(Task, (env_name, data)) and no BUILD state. Tasks may
// share one data object (memo), so each is decoded once: the work stays linear in the file size.
MetaWorldTask ReadTask(const PickleTree& tree, PickleId id, const std::string& what,
                       std::unordered_map<PickleId, TaskData>& decoded) {
  std::string_view made_by = PickleCallable(tree, id);
  if (made_by != "metaworld.types.Task" && made_by != "metaworld.Task") {
    Fail(what + " is " + DescribePickleValue(tree, id) + ", not a metaworld.Task");
  }
  const PickleValue& task = tree[id];
  const PickleValue& args = tree[task.items[1]];
  if (task.items.size() != 2 || args.items.size() != 2 || tree[args.items[0]].kind != Kind::kStr) {
    Fail(what + " is not a Task(env_name: str, data: bytes)");
  }
  PickleId data = args.items[1];
  auto it = decoded.find(data);
  if (it == decoded.end()) it = decoded.emplace(data, ReadTaskData(PickleBytes(tree, data, what + ": data"), what + ": data")).first;
  return {tree[args.items[0]].text, it->second.rand_vec, it->second.partially_observable};
}

std::vector<MetaWorldTask> TasksFromPickle(std::string_view bytes) {
  PickleTree tree = Unpickle(bytes);
  const PickleValue& root = tree[tree.root];
  std::vector<PickleId> ids = root.kind == Kind::kList || root.kind == Kind::kTuple ? root.items : std::vector{tree.root};
  if (ids.size() > kMaxTasks) Fail("holds " + std::to_string(ids.size()) + " tasks, over the limit of " + std::to_string(kMaxTasks));
  std::unordered_map<PickleId, TaskData> decoded;
  std::vector<MetaWorldTask> tasks;
  for (size_t i = 0; i < ids.size(); ++i) tasks.push_back(ReadTask(tree, ids[i], "task " + std::to_string(i), decoded));
  return tasks;
}

MetaWorldTask TaskFromJson(const json& j, const std::string& what) {
  if (!j.is_object()) Fail(what + " is not a JSON object");
  for (const auto& [key, value] : j.items()) {
    if (key != "env_name" && key != "rand_vec" && key != "partially_observable") {
      Fail(what + " has the key '" + key + "' (valid: env_name, rand_vec, partially_observable)");
    }
  }
  MetaWorldTask task;
  if (!j.contains("env_name") || !j["env_name"].is_string()) Fail(what + " has no env_name string");
  task.env_name = j["env_name"].get<std::string>();
  if (!j.contains("rand_vec") || !j["rand_vec"].is_array()) Fail(what + " has no rand_vec list");
  for (const json& x : j["rand_vec"]) {
    if (!x.is_number()) Fail(what + ": rand_vec holds " + x.dump() + ", not a number");
    task.rand_vec.push_back(x.get<double>());
  }
  if (j.contains("partially_observable")) {
    if (!j["partially_observable"].is_boolean()) Fail(what + ": partially_observable is not true or false");
    task.partially_observable = j["partially_observable"].get<bool>();
  }
  return task;
}

std::vector<MetaWorldTask> TasksFromJson(std::string_view text) {
  json doc;
  try {
    // the depth limit keeps a file of nested brackets from costing a value per byte
    doc = json::parse(text, [](int depth, json::parse_event_t, json&) {
      if (depth > kMaxJsonDepth) throw std::invalid_argument("JSON nested deeper than " + std::to_string(kMaxJsonDepth) + " levels");
      return true;
    });
  } catch (const json::exception& e) {
    Fail(std::string("is neither a pickle (protocols 2-5 start with byte 0x80) nor JSON: ") + e.what());
  }
  const json* list = &doc;
  if (doc.is_object()) {
    if (doc.size() != 1 || !doc.contains("tasks")) Fail("a JSON object of tasks must be {\"tasks\": [...]}");
    list = &doc["tasks"];
  }
  if (!list->is_array()) Fail("JSON must be a list of tasks or {\"tasks\": [...]}");
  if (list->size() > kMaxTasks) Fail("holds " + std::to_string(list->size()) + " tasks, over the limit of " + std::to_string(kMaxTasks));
  std::vector<MetaWorldTask> tasks;
  for (size_t i = 0; i < list->size(); ++i) tasks.push_back(TaskFromJson((*list)[i], "task " + std::to_string(i)));
  return tasks;
}

std::string ReadSmallFile(const std::filesystem::path& file) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(file, ec)) Fail("is not a readable file" + (ec ? " (" + ec.message() + ")" : ""));
  uintmax_t size = std::filesystem::file_size(file, ec);
  if (ec) Fail("cannot be read (" + ec.message() + ")");
  if (size > kMaxFileBytes) Fail("is " + std::to_string(size) + " bytes, over the limit of " + std::to_string(kMaxFileBytes));
  std::string bytes(size, '\0');
  std::ifstream in(file, std::ios::binary);
  if (!in.read(bytes.data(), std::streamsize(size)) || in.gcount() != std::streamsize(size)) Fail("cannot be read");
  return bytes;
}

const TaskSpec& SpecForName(const std::string& name, const std::string& what) {
  for (const TaskSpec* t : AllTasks()) {
    if (t->name == name) return *t;
  }
  std::string valid;
  for (const TaskSpec* t : AllTasks()) valid += (valid.empty() ? "" : ", ") + std::string(t->name);
  Fail(what + ": unknown MetaWorld task '" + name + "' (kinitro simulates " + valid + ")");
}

}  // namespace

std::vector<MetaWorldTask> LoadMetaWorldTasks(const std::filesystem::path& file) {
  try {
    std::string bytes = ReadSmallFile(file);
    if (bytes.empty()) Fail("is empty (expected a pickle or JSON of MetaWorld tasks)");
    std::vector<MetaWorldTask> tasks = uint8_t(bytes[0]) == 0x80 ? TasksFromPickle(bytes) : TasksFromJson(bytes);
    if (tasks.empty()) Fail("holds no tasks");
    for (size_t i = 0; i < tasks.size(); ++i) {
      std::string what = "task " + std::to_string(i);
      const TaskSpec& spec = SpecForName(tasks[i].env_name, what);
      try {
        Env::ValidateRandVec(spec, tasks[i].rand_vec);
      } catch (const std::invalid_argument& e) {
        Fail(what + ": " + e.what());
      }
    }
    return tasks;
  } catch (const std::invalid_argument& e) {
    throw std::invalid_argument(file.string() + ": " + e.what());
  }
}

}  // namespace kinitro::sim
