// The app's controller (see gui_app.h), its sessions and files: opening a lesson or a
// recording, restarting and reloading it. The frame, the stepping, the intents, the moment,
// predict mode and the Compare view are each in a gui_app_*.cpp of their own.
#include "app/gui_app.h"
#include "core/node/lesson_check.h"

#include <imgui.h>
#include <spdlog/sinks/base_sink.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <fstream>
#include <mutex>

#include "core/remote/engine_process.h"
#include "core/trace/recording_file.h"
#include "core/compare/differences.h"
#include "core/story/step_story.h"
#include "core/trace/trace_io.h"
#include "ui/menu_bar.h"

namespace loopstep {
namespace {

// loopstep's own log, shown in the Console panel. Only the UI thread logs.
class LinesSink : public spdlog::sinks::base_sink<std::mutex> {
 public:
  explicit LinesSink(std::shared_ptr<std::vector<std::string>> lines) : lines_(std::move(lines)) {}

 protected:
  void sink_it_(const spdlog::details::log_msg& msg) override {
    spdlog::memory_buf_t buf;
    formatter_->format(msg, buf);
    std::string line(buf.data(), buf.size());
    while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.pop_back();
    lines_->push_back(std::move(line));
  }
  void flush_() override {}

 private:
  std::shared_ptr<std::vector<std::string>> lines_;
};

}  // namespace

OpenAt open_at(const MomentArgs& a) {
  OpenAt at;
  if (a.step >= 0) at.step = size_t(a.step);
  BackendKind b;
  WorkerModel w;
  if (backend_from_name(a.backend, &b)) at.backend = b;
  if (worker_model_from_name(a.workers, &w)) at.workers = w;
  if (a.pool_size > 0) at.pool_size = a.pool_size;
  return at;
}

GuiApp::GuiApp(std::string bundled_dir, std::string engine_command)
    : bundled_dir_(bundled_dir),
      engine_command_(std::move(engine_command)),
      replay_(std::make_unique<Recording>(std::make_shared<RunInfo>())),
      browser_(std::move(bundled_dir)),
      log_lines_(std::make_shared<std::vector<std::string>>()) {
  options_.mode = Mode::step;
  auto sink = std::make_shared<LinesSink>(log_lines_);
  sink->set_pattern("%H:%M:%S %l: %v");
  auto logger = std::make_shared<spdlog::logger>("loopstep", sink);
  spdlog::set_default_logger(logger);
}

GuiApp::~GuiApp() { spdlog::set_default_logger(std::make_shared<spdlog::logger>("null")); }

bool GuiApp::start_session(Scenario sc, const SessionOptions& o) {
  std::unique_ptr<LiveRun> next;
  if (engine_command_.empty()) next = std::make_unique<Session>(std::move(sc), o);
  else next = std::make_unique<EngineProcess>(std::move(sc), o, engine_command_);
  try {
    next->start();
  } catch (const std::exception& e) {
    last_error_ = next->scenario().file + ": cannot run: " + e.what();
    dialogs_.show_error("Cannot start the scenario", last_error_);
    return false;
  }
  session_ = std::move(next);  // the old session stops and joins its threads here
  replay_.reset();
  options_ = o;
  cursor_ = 0;
  playing_ = false;
  running_to_ = false;
  crash_reported_ = false;
  lanes_picked_ = false;
  candidates_at_ = SIZE_MAX;
  predict_.reset();  // a new run, a new run's score (the lesson's stays in scores_)
  view.selected_seq.reset();
  timeline_.fit_all();
  spdlog::info("{}: {} ({}, {})", session_->scenario().file, session_->scenario().title,
               rec().info().backend_label, worker_model_name(rec().info().config.workers));
  return true;
}

bool GuiApp::open(const std::string& path, const OpenAt& at) {
  source_.break_line.reset();  // a line of the previous lesson; a restart keeps it
  if (names_recording(path)) {
    if (at.any_what_if()) {
      last_error_ = path + ": --backend, --workers and --pool-size do not apply to a recording: it replays what was recorded";
      dialogs_.show_error("Cannot open the recording", last_error_);
      return false;
    }
    LoadedRecording loaded = load_recording(path);
    if (!loaded.error.empty()) {
      last_error_ = loaded.error;
      dialogs_.show_error("Cannot open the recording", last_error_);
      return false;
    }
    for (const std::string& w : loaded.warnings) spdlog::warn("{}", w);
    session_.reset();
    replay_ = std::move(loaded.recording);
    file_ = path;
    cursor_ = 0;
    playing_ = false;
    running_to_ = false;
    view.selected_seq.reset();
    timeline_.fit_all();
    if (replay_->moment) restore(*replay_->moment);
    spdlog::info("{}: replay of {} events", path, replay_->size());
    const size_t want = at.step ? *at.step : replay_->moment ? replay_->moment->step : 0;
    if (go_to_step(want) < want) spdlog::warn("{}: step {} is beyond the recording's end (step {})", path, want, cursor_);
    return true;
  }
  ScenarioResult r = load_lesson(path);
  if (auto* err = std::get_if<ScenarioError>(&r)) {
    last_error_ = err->format();
    dialogs_.show_error("The scenario has an error", last_error_);
    spdlog::error("{}", last_error_);
    return false;
  }
  SessionOptions o;
  o.mode = Mode::step;
  o.backend = at.backend;
  o.workers = at.workers;
  o.pool_size = at.pool_size;
  if (!start_session(std::get<Scenario>(std::move(r)), o)) return false;
  file_ = path;
  std::error_code ec;
  mtime_ = std::filesystem::last_write_time(path, ec);
  if (at.step && go_to_step(*at.step) < *at.step) spdlog::warn("{}: step {} is beyond the run's end (step {})", path, *at.step, cursor_);
  return true;
}

void GuiApp::restart(const std::optional<RunConfig>& config) {
  if (!session_) return;
  SessionOptions o = options_;
  if (config) {
    o.backend = config->backend;
    o.workers = config->workers;
    o.pool_size = config->pool_size;
  }
  start_session(session_->scenario(), o);
}

void GuiApp::reload() {
  if (!session_) return;
  ScenarioResult r = load_lesson(file_);
  if (auto* err = std::get_if<ScenarioError>(&r)) {
    last_error_ = err->format();
    dialogs_.show_error("The scenario has an error", last_error_);
    return;
  }
  std::error_code ec;
  mtime_ = std::filesystem::last_write_time(file_, ec);
  start_session(std::get<Scenario>(std::move(r)), options_);  // keeps the what-if switches
}

void GuiApp::check_file_changed(double dt) {
  // Hot reload: poll the open scenario's mtime twice a second.
  since_mtime_check_ += dt;
  if (!session_ || since_mtime_check_ < 0.5) return;
  since_mtime_check_ = 0;
  std::error_code ec;
  const auto t = std::filesystem::last_write_time(file_, ec);
  if (ec || t == mtime_) return;
  mtime_ = t;
  spdlog::info("{} changed on disk", file_);
  if (view.auto_reload) reload();
  else dialogs_.offer_reload(file_);
}

}  // namespace loopstep
