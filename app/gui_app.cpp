// The app's controller (see gui_app.h): the only place where intents change the session,
// the cursor or the files.
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

void GuiApp::restore(const Moment& m) {
  view.real_time_axis = m.real_time_axis;
  if (m.view_to > m.view_from) timeline_.show_range(m.real_time_axis, m.view_from, m.view_to);
  if (m.selected_seq && *m.selected_seq < rec().size()) view.selected_seq = m.selected_seq;
}

Moment GuiApp::moment() const {
  Moment m;
  m.step = cursor_;
  m.selected_seq = view.selected_seq;
  m.real_time_axis = view.real_time_axis;
  if (!timeline_.fit_pending()) {
    m.view_from = timeline_.view().x_min;
    m.view_to = timeline_.view().x_max;
  }
  if (!session_) {
    if (replay_->moment) {  // a replay keeps the switches its run was made with
      m.backend = replay_->moment->backend;
      m.workers = replay_->moment->workers;
      m.pool_size = replay_->moment->pool_size;
    }
    return m;
  }
  // Only the switches that make this run differ from its lesson.
  const RunConfig& lesson = session_->scenario().config;
  const RunConfig& run = rec().info().config;
  if (run.backend != lesson.backend) m.backend = run.backend;
  if (run.workers != lesson.workers) m.workers = run.workers;
  if (run.pool_size != lesson.pool_size) m.pool_size = run.pool_size;
  return m;
}

namespace {
// A path as one shell word: as it is when it is plain, else in single quotes.
std::string shell_word(const std::string& s) {
  const bool plain = !s.empty() && s.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/._-+=:,@") == std::string::npos;
  if (plain) return s;
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}
}  // namespace

std::string GuiApp::command_for_moment() const {
  const Moment m = moment();
  std::string cmd = "loopstep " + shell_word(file_);
  if (session_) {  // a recording replays what was recorded: its switches are in it already
    if (m.backend) cmd += " --backend " + std::string(backend_name(*m.backend));
    if (m.workers) cmd += " --workers " + std::string(worker_model_name(*m.workers));
    if (m.pool_size) cmd += " --pool-size " + std::to_string(*m.pool_size);
  }
  return cmd + " --step " + std::to_string(m.step);
}

void GuiApp::copy_command() {
  const std::string cmd = command_for_moment();
  ImGui::SetClipboardText(cmd.c_str());  // GLFW's clipboard in the window (glfwSetClipboardString)
  spdlog::info("copied to the clipboard: {}", cmd);
  if (lanes_picked_ && session_)
    spdlog::warn("the lanes you picked are not in the command: it replays the default order; save the recording (Ctrl+S) to hand out this exact run");
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

bool GuiApp::step_once(std::optional<uint16_t> lane) {
  if (cursor_ < rec().size()) {  // in history: move the cursor, the engine waits
    ++cursor_;
    return true;
  }
  if (!session_ || session_->finished()) return false;
  if (lane && *lane != session_->policy_choice()) lanes_picked_ = true;
  if (lane) session_->step_thread(*lane);
  else session_->step();
  cursor_ = rec().size();
  report_crash();
  return true;
}

void GuiApp::report_crash() {
  if (!session_ || !session_->crashed() || crash_reported_) return;
  crash_reported_ = true;
  last_error_ = session_->stop_reason();
  spdlog::error("{}", last_error_);
  dialogs_.show_error("The engine process ended", last_error_ + "\n\nThe recording keeps every event it sent.");
}

size_t GuiApp::step_forward(size_t n) {
  size_t taken = 0;
  while (taken < n && step_once(std::nullopt)) ++taken;
  return taken;
}

void GuiApp::seek(size_t cursor) { cursor_ = std::min(cursor, rec().size()); }

size_t GuiApp::go_to_step(size_t step) {
  if (step > rec().size()) {
    cursor_ = rec().size();
    step_forward(step - cursor_);
  }
  seek(step);
  return cursor_;
}

void GuiApp::run_to(const Breakpoint& bp) {
  // History first (a fold from the cursor), then the engine.
  LoopState s = state_;
  for (size_t i = cursor_; i < rec().size(); ++i) {
    loopstep::apply(s, rec()[i]);
    if (bp.matches(rec()[i], s, rec().info())) {
      cursor_ = i + 1;
      return;
    }
  }
  cursor_ = rec().size();
  // The engine part runs a slice per frame (continue_run_to), so a breakpoint that never
  // matches cannot freeze the window: it stops at the run's limit, or when Space is pressed.
  if (session_ && !session_->finished()) {
    session_->run_to_begin(bp);
    running_to_ = true;
  }
}

void GuiApp::continue_run_to() {
  const RunTo r = session_->run_to_continue(LiveRun::Clock::now() + std::chrono::milliseconds(12));
  cursor_ = rec().size();
  if (r == RunTo::running) return;
  running_to_ = false;
  if (r == RunTo::ended) spdlog::info("run to breakpoint: the run ended without a match");
  report_crash();
}

void GuiApp::stop_run_to() {
  session_->run_to_pause();
  cursor_ = rec().size();
  running_to_ = false;
  report_crash();
}

void GuiApp::save(const std::string& path, bool chrome) {
  // Atomic: a half-written file never replaces a good one.
  std::string err = chrome ? save_atomically(path, [&](std::ostream& out) { write_chrome_trace(out, rec()); })
                           : save_recording(path, rec(), moment());
  if (!err.empty()) {
    dialogs_.show_error("Cannot save", err);
    return;
  }
  spdlog::info("saved {} events to {}", rec().size(), path);
}

void GuiApp::refresh_state() {
  if (state_rec_ == &rec() && state_cursor_ == cursor_) return;
  // state_at replays at most one snapshot interval: cheap, and only when the cursor moves.
  state_ = cursor_ == 0 ? LoopState{} : rec().state_at(cursor_ - 1);
  state_rec_ = &rec();
  state_cursor_ = cursor_;
}

std::string GuiApp::window_title() const {
  const std::string name = std::filesystem::path(file_).filename().string();
  if (name.empty()) return "loopstep: a real event loop, one step at a time";
  const EngineBug bug = rec().info().config.engine_bug;
  return "loopstep: " + name + ", " + rec().info().backend_label + (live() ? "" : ", replay") +
         (bug == EngineBug::none ? "" : ", planted bug: " + std::string(engine_bug_name(bug)));
}

ui::Frame GuiApp::build_frame() {
  refresh_state();
  ui::Frame f;
  f.rec = &rec();
  f.state = &state_;
  f.cursor = cursor_;
  f.live = live();
  f.finished = !session_ || session_->finished();
  f.playing = playing_;
  if (session_ && !session_->finished() && cursor_ == rec().size()) {
    if (candidates_at_ != rec().size()) {
      candidates_ = session_->candidates();
      policy_choice_ = session_->policy_choice();
      candidates_at_ = rec().size();
    }
    f.candidates = &candidates_;
    f.policy_choice = policy_choice_;
  }
  // A replay's recorded choices: predict mode asks about them; the step that happened is the answer.
  if (!session_ && view.predict && cursor_ < rec().size())
    if (const std::vector<Candidate>* c = rec().candidates_before(cursor_)) {
      f.candidates = c;
      f.policy_choice = rec()[cursor_].thread;
    }
  f.predicting = view.predict && (ui::PredictPanel::asking(f) || !ui::PredictPanel::waiting_callbacks(f).empty());
  if (session_) {
    f.notes = &session_->scenario().notes;
    f.stop_reason = session_->stop_reason();
  }
  f.source = std::filesystem::path(file_).filename().string();
  return f;
}

void GuiApp::predict_pick(uint16_t thread) {
  const ui::Frame f = build_frame();
  ui::Intents in;
  predict_.pick(f, thread, in);
  apply(in, 0);
}

void GuiApp::predict_pick_callback(uint32_t req) {
  const ui::Frame f = build_frame();
  ui::Intents in;
  predict_.pick_callback(f, req, in);
  apply(in, 0);
}

void GuiApp::score_prediction(const ui::Frame& f) {
  if (std::optional<ui::PredictResult> r = predict_.take_result()) {
    const std::string lesson = std::filesystem::absolute(file_).lexically_normal().string();
    if (const std::string err = scores_.add(lesson, *r); !err.empty()) spdlog::warn("predict scores not saved: {}", err);
  }
  // The run is over: this run's score, and the lesson's over every run, with the most missed steps.
  if (f.finished && f.at_end() && predict_.asked > 0 && predict_.summary.empty())
    predict_.summary = "The run is over. This run: " + std::to_string(predict_.right) + " of " + std::to_string(predict_.asked) +
                       " right. " + scores_.summary(std::filesystem::absolute(file_).lexically_normal().string());
}

bool GuiApp::open_compare(const std::string& a, const std::string& b) {
  if (!session_) {
    last_error_ = "Compare runs the lesson twice: open a lesson, not a recording";
    dialogs_.show_error("Cannot compare", last_error_);
    return false;
  }
  auto sa = parse_compare_side("a", a), sb = parse_compare_side("b", b);
  for (auto* side : {&sa, &sb}) {
    if (auto* err = std::get_if<std::string>(side)) {
      last_error_ = *err;
      dialogs_.show_error("Cannot compare", last_error_);
      return false;
    }
  }
  try {
    auto next = std::make_unique<CompareState>(
        CompareState{compare_runs(session_->scenario(), std::get<CompareSide>(std::move(sa)), std::get<CompareSide>(std::move(sb))), {}, 0, {}, {}, {}});
    next->positions = lockstep_positions(next->runs.rows);
    compare_ = std::move(next);
  } catch (const std::exception& e) {
    last_error_ = file_ + ": cannot run: " + e.what();
    dialogs_.show_error("Cannot compare", last_error_);
    return false;
  }
  spdlog::info("compare: {} against {}", a, b);
  return true;
}

void GuiApp::compare_go_to(size_t position) {
  if (compare_) compare_->at = std::min(position, compare_->positions.size() - 1);
}

ui::CompareFrame GuiApp::build_compare_frame() {
  CompareState& c = *compare_;
  const LockstepPosition& p = c.positions[c.at];
  ui::CompareFrame cf;
  auto side = [&](const Session& s, size_t cursor, LoopState& state) {
    ui::Frame f;
    f.rec = &s.recording();
    state = cursor == 0 ? LoopState{} : f.rec->state_at(cursor - 1);
    f.state = &state;
    f.cursor = cursor;
    f.live = true;  // a run of the lesson, stepped here (not a saved recording)
    f.finished = true;
    f.notes = &s.scenario().notes;
    f.source = std::filesystem::path(file_).filename().string();
    return f;
  };
  cf.a = side(*c.runs.a, p.a, c.state_a);
  cf.b = side(*c.runs.b, p.b, c.state_b);
  cf.a_label = "A: " + c.runs.a_side.label + " (" + run_words(c.runs.a->recording().info()) + ")";
  cf.b_label = "B: " + c.runs.b_side.label + " (" + run_words(c.runs.b->recording().info()) + ")";
  size_t number = 0, total = 0;
  for (size_t r = 0; r < c.runs.rows.size(); ++r) {
    if (!c.runs.rows[r].has_moment()) continue;
    ++total;
    if (r < p.row || (r == p.row && p.at_moment)) number = total;
  }
  const AlignedMoment& row = c.runs.rows[p.row];
  if (p.at_moment) {
    const std::string words = moment_words(row.a ? c.runs.a->recording() : c.runs.b->recording(), row.a ? *row.a : *row.b);
    cf.where = "Moment " + std::to_string(number) + " of " + std::to_string(total) + " of the program, on both sides: " + words +
               (row.a && row.b ? "" : row.a ? " (only A's program gets here)" : " (only B's program gets here)");
  } else if (c.at == 0) {
    cf.where = "Step 0 on both sides. Right steps both runs together; they meet at each moment of the program.";
  } else {
    cf.where = number == total ? "After the program's last moment: each run's own steps to its end"
                               : "Between moment " + std::to_string(number) + " and " + std::to_string(number + 1) +
                                     ": each run's own kernel and libuv steps, played out on its side";
  }
  if (c.at > 0)
    cf.differences = stretch_differences({&c.runs.a->recording(), row.a_from, row.a_to, "A (" + c.runs.a_side.label + ")"},
                                         {&c.runs.b->recording(), row.b_from, row.b_to, "B (" + c.runs.b_side.label + ")"});
  cf.position = c.at;
  cf.positions = c.positions.size();
  return cf;
}

void GuiApp::apply_compare(const ui::Intents& in) {
  CompareState& c = *compare_;
  const size_t last = c.positions.size() - 1;
  c.at = std::min(last, c.at + size_t(std::max(0, in.step)));
  c.at -= std::min(c.at, size_t(std::max(0, in.step_back)));
  if (in.first) c.at = 0;
  if (in.last) c.at = last;
  if (c.view.clicked) c.at = lockstep_position_of(c.positions, c.view.clicked->first, c.view.clicked->second);
  c.view.clicked.reset();
  window.quit |= in.quit;
  window.toggle_fullscreen |= in.toggle_fullscreen;
  if (in.toggle_help) view.show_help = !view.show_help;
  if (c.view.close) compare_.reset();
}

void GuiApp::frame(double dt) {
  if (compare_) {
    ui::Intents in;
    ui::collect_shortcuts(pending_keys_, in);
    pending_keys_.clear();
    ui::Frame f = build_frame();
    const ui::CompareFrame cf = build_compare_frame();
    f.status = "compare   A step " + std::to_string(cf.a.cursor) + " / " + std::to_string(cf.a.rec->size()) + "   B step " +
               std::to_string(cf.b.cursor) + " / " + std::to_string(cf.b.rec->size()) + "   " + f.source;
    ui::draw_menu_bar(f, view, in);
    compare_->view.Draw(cf, view, in);
    ui::draw_help(view);
    dialogs_.Draw(view, in);
    apply_compare(in);
    if (in.compare) open_compare(ui::kCompareChoices[*in.compare].a, ui::kCompareChoices[*in.compare].b);
    return;
  }
  check_file_changed(dt);
  const ui::Frame f = build_frame();
  ui::Intents in;
  view.js_lesson = !f.rec->info().source.empty();
  ui::begin_layout(view);
  ui::collect_shortcuts(pending_keys_, in);
  ui::draw_menu_bar(f, view, in);
  const bool full = !view.presenter;
  if (full && view.show_controls) controls_.Draw(f, view, in);
  timeline_.update(*f.rec);
  if (view.js_lesson) source_.Draw(f, view, in);
  loop_state_.Draw(f, view, timeline_.model());
  narration_.Draw(f, view, in, view.predict ? &predict_ : nullptr);
  score_prediction(f);
  queues_.Draw(f, view, in);
  if (full && view.show_requests) requests_.Draw(f, view, in);
  if (full && view.show_call_chain) call_chain_.Draw(f, view, in);
  if (view.presenter || view.show_console) console_.Draw(f, view, *log_lines_);
  timeline_.Draw(f, view, in);
  ui::draw_help(view);
  browser_.Draw(pending_keys_, in);
  pending_keys_.clear();
  dialogs_.Draw(view, in);
  ui::end_layout(view);
  apply(in, dt);
}

void GuiApp::apply(const ui::Intents& in, double dt) {
  view.hovered_req = in.hover_req.value_or(0);
  view.hovered_line = in.hover_line.value_or(0);
  if (in.step || in.step_back || in.first || in.last || in.step_lane) view.selected_seq.reset();
  if (in.toggle_play) {
    if (running_to_) stop_run_to();  // Space stops a run to a breakpoint
    else playing_ = !playing_;
  }
  if (running_to_ && (in.step || in.step_lane || in.restart || in.reconfigure || in.repolicy)) stop_run_to();  // one command at a time
  for (int i = 0; i < in.step; ++i) step_once(std::nullopt);
  if (in.step_lane) step_once(in.step_lane);
  cursor_ -= std::min<size_t>(cursor_, size_t(std::max(0, in.step_back)));
  if (in.first) cursor_ = 0;
  if (in.last) cursor_ = rec().size();
  if (in.seek) seek(*in.seek);
  if (in.run_to_breakpoint) {
    // F8: the Source panel's line when one is set, else the one the Controls describe.
    std::optional<Breakpoint> bp = in.breakpoint;
    if (!bp && view.js_lesson) bp = source_.breakpoint();
    if (!bp) bp = controls_.breakpoint();
    if (bp) run_to(*bp);
  }
  if (in.restart) restart(std::nullopt);
  if (in.reconfigure) restart(in.reconfigure);
  if (in.repolicy && session_) {
    SessionOptions o = options_;
    o.policy = *in.repolicy;
    start_session(session_->scenario(), o);
  }
  if (in.reload) {
    if (live()) reload();
    else open(file_);  // a replay re-reads its recording
  }
  if (!in.open_path.empty()) open(in.open_path);
  if (!in.save_path.empty()) save(in.save_path, false);
  if (!in.chrome_trace_path.empty()) save(in.chrome_trace_path, true);
  if (in.copy_command) copy_command();
  if (in.compare) open_compare(ui::kCompareChoices[*in.compare].a, ui::kCompareChoices[*in.compare].b);
  const std::string stem = std::filesystem::path(file_).stem().string();
  if (in.open_browser) browser_.show(ui::FileBrowser::Purpose::open);
  if (in.save_dialog) browser_.show(ui::FileBrowser::Purpose::save_recording, stem + ".jsonl");
  if (in.export_dialog) browser_.show(ui::FileBrowser::Purpose::export_chrome, stem + ".trace.json");
  if (in.toggle_help) view.show_help = !view.show_help;
  if (in.toggle_time_axis) view.real_time_axis = !view.real_time_axis;
  if (in.fit_timeline) timeline_.fit_all();
  if (in.reset_layout) view.relayout = true;
  if (in.toggle_presenter) {
    view.presenter = !view.presenter;
    view.relayout = true;
    window.fonts_changed = true;
  }
  if (in.font_step) {
    font_step += in.font_step;
    window.fonts_changed = true;
  }
  window.toggle_fullscreen |= in.toggle_fullscreen;
  window.quit |= in.quit;
  if (running_to_) continue_run_to();
  if (playing_) {
    play_credit_ += dt * controls_.steps_per_second;
    // Bounded per frame so that a slow frame never turns into a burst the eye cannot follow.
    for (int i = 0; play_credit_ >= 1.0 && i < 64; ++i, play_credit_ -= 1.0) {
      if (!step_once(std::nullopt)) {
        playing_ = false;
        break;
      }
    }
    play_credit_ = std::min(play_credit_, 1.0);
  } else {
    play_credit_ = 0;
  }
}

}  // namespace loopstep
