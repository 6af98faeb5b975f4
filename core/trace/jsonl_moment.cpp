// The header's optional "moment": where a saved recording reopens (Moment, recording.h).
// Written only when the app saved one; a field of the wrong type is skipped with a warning.
#include <cmath>

#include "core/trace/jsonl.h"

namespace loopstep {

using nlohmann::json;

json jsonl_moment(const Moment& m) {
  json j = {{"step", m.step}, {"axis", m.real_time_axis ? "time" : "steps"}};
  if (m.view_to > m.view_from) j["view"] = {m.view_from, m.view_to};
  // A step number, as people read them (seq + 1), like "step" above.
  if (m.selected_seq) j["selected_step"] = *m.selected_seq + 1;
  json what_if = json::object();
  if (m.backend) what_if["backend"] = backend_name(*m.backend);
  if (m.workers) what_if["workers"] = worker_model_name(*m.workers);
  if (m.pool_size) what_if["pool_size"] = *m.pool_size;
  if (!what_if.empty()) j["what_if"] = what_if;
  return j;
}

std::optional<Moment> read_jsonl_moment(const json& header, const std::function<void(const std::string&)>& warn) {
  auto it = header.find("moment");
  if (it == header.end()) return std::nullopt;
  if (!it->is_object()) {
    warn("header field 'moment' is not an object; the recording opens at step 0");
    return std::nullopt;
  }
  const json& j = *it;
  auto skipped = [&](const char* key, const char* expected) {
    warn(std::string("header field 'moment.") + key + "' is not " + expected + "; ignored");
  };
  // Steps beyond the recording's end are clamped by whoever opens it; bounded here so that
  // a step number always fits an event index.
  constexpr uint64_t kMaxStep = uint64_t{1} << 48;
  auto step_field = [&](const char* key) -> std::optional<uint64_t> {
    auto f = j.find(key);
    if (f == j.end()) return std::nullopt;
    if (f->is_number_unsigned() && f->get<uint64_t>() <= kMaxStep) return f->get<uint64_t>();
    skipped(key, "a step number");
    return std::nullopt;
  };
  Moment m;
  m.step = static_cast<size_t>(step_field("step").value_or(0));
  if (auto sel = step_field("selected_step"); sel && *sel >= 1) m.selected_seq = *sel - 1;
  if (auto a = j.find("axis"); a != j.end()) {
    if (a->is_string() && (*a == "time" || *a == "steps")) m.real_time_axis = *a == "time";
    else skipped("axis", "\"steps\" or \"time\"");
  }
  if (auto v = j.find("view"); v != j.end()) {
    const bool ok = v->is_array() && v->size() == 2 && (*v)[0].is_number() && (*v)[1].is_number() &&
                    std::isfinite((*v)[0].get<double>()) && std::isfinite((*v)[1].get<double>()) &&
                    (*v)[0].get<double>() < (*v)[1].get<double>();
    if (ok) {
      m.view_from = (*v)[0].get<double>();
      m.view_to = (*v)[1].get<double>();
    } else {
      skipped("view", "[from, to] with from < to");
    }
  }
  if (auto w = j.find("what_if"); w != j.end()) {
    if (!w->is_object()) {
      skipped("what_if", "an object");
      return m;
    }
    auto name = [&](const char* key) { return w->contains(key) && (*w)[key].is_string() ? (*w)[key].get<std::string>() : ""; };
    BackendKind b;
    WorkerModel wm;
    if (backend_from_name(name("backend"), &b)) m.backend = b;
    else if (w->contains("backend")) skipped("what_if.backend", "epoll or iocp");
    if (worker_model_from_name(name("workers"), &wm)) m.workers = wm;
    else if (w->contains("workers")) skipped("what_if.workers", "pool or per-request");
    if (auto p = w->find("pool_size"); p != w->end()) {
      if (p->is_number_integer() && p->get<int64_t>() >= 1 && p->get<int64_t>() <= 1024) m.pool_size = p->get<int>();
      else skipped("what_if.pool_size", "an integer between 1 and 1024");
    }
  }
  return m;
}

}  // namespace loopstep
