// The app's controller: owns the live Session (or a replayed Recording), the cursor, the
// panels and the view settings; draws one frame and applies the panels' intents in one
// place. No GLFW or GL here, so the window code and the screenshot share it.
#pragma once
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "app/predict_scores.h"
#include "core/engine/live_run.h"
#include "core/engine/session.h"
#include "ui/call_chain.h"
#include "ui/console.h"
#include "ui/controls.h"
#include "ui/dialogs.h"
#include "ui/file_browser.h"
#include "ui/help.h"
#include "ui/loop_state_panel.h"
#include "ui/narration_panel.h"
#include "ui/predict.h"
#include "ui/queues.h"
#include "ui/requests.h"
#include "ui/source_panel.h"
#include "ui/timeline.h"

namespace loopstep {

class GuiApp {
 public:
  // `engine_command` empty: the engine runs in this process. Otherwise every scenario runs
  // in a child process speaking the engine protocol, e.g. "wine build-win/app/loopstep.exe engine".
  explicit GuiApp(std::string bundled_dir, std::string engine_command = "");
  ~GuiApp();

  // A scenario (.toml, a new live session paused at step 0) or a saved recording (.jsonl,
  // replay). On failure the error dialog shows and the current session stays; returns false.
  bool open(const std::string& path);
  // Takes up to n steps forward (the screenshot command); returns the steps taken.
  size_t step_forward(size_t n);
  // History first; then the live engine, a slice per frame until a match, the end, or Space.
  void run_to(const Breakpoint& bp);
  // A key press from the window's key callback; acted on in the next frame, each one.
  void key_pressed(const ui::KeyPress& k) { pending_keys_.push_back(k); }
  // Draws the whole UI (between ImGui::NewFrame and ImGui::Render) and applies its intents.
  void frame(double dt_seconds);
  const std::string& last_error() const { return last_error_; }
  bool playing() const { return playing_ || running_to_; }
  const ui::FileBrowser& browser() const { return browser_; }
  const ui::TimelinePanel& timeline() const { return timeline_; }  // the frame loop polls instead of waiting
  size_t cursor() const { return cursor_; }
  const Recording& recording() const { return rec(); }
  const LoopState& state() { refresh_state(); return state_; }
  // "loopstep: fs_open_iocp.toml, IOCP (native, Wine)": the window shows which engine steps.
  std::string window_title() const;
  // Predict mode's scores are kept in this folder (the user's config folder); none when unset.
  void set_config_dir(const std::string& dir) { scores_ = PredictScores(dir.empty() ? "" : dir + "/predict.json"); }
  // Predict mode: the student picks `thread` as the next step (what a click on it does).
  void predict_pick(uint16_t thread);
  void predict_pick_callback(uint32_t req);  // the callback question's pick
  const ui::PredictPanel& predictor() const { return predict_; }

  ui::ViewSettings view;
  // What the window must do, read and cleared by the frame loop.
  struct WindowRequests {
    bool quit = false, toggle_fullscreen = false, fonts_changed = false;
  } window;
  int font_step = 0;  // Ctrl+= / Ctrl+-, applied by the window when it rebuilds the fonts

 private:
  const Recording& rec() const { return session_ ? session_->recording() : *replay_; }
  bool live() const { return session_ != nullptr; }
  bool start_session(Scenario sc, const SessionOptions& o);
  void restart(const std::optional<RunConfig>& config);
  void reload();
  void seek(size_t cursor);
  bool step_once(std::optional<uint16_t> lane);
  void continue_run_to();  // one frame's slice of a run to a breakpoint
  void stop_run_to();
  void report_crash();     // once, when the engine process has died
  void save(const std::string& path, bool chrome);
  void check_file_changed(double dt);
  void refresh_state();
  ui::Frame build_frame();
  void score_prediction(const ui::Frame& f);  // predict mode: keeps each answer, sums up the run
  void apply(const ui::Intents& in, double dt);

  std::string bundled_dir_;
  std::string file_;  // the open scenario or recording
  std::filesystem::file_time_type mtime_{};
  double since_mtime_check_ = 0;
  std::string engine_command_;
  std::unique_ptr<LiveRun> session_;
  bool crash_reported_ = false;
  std::unique_ptr<Recording> replay_;
  SessionOptions options_;
  std::string last_error_;

  size_t cursor_ = 0;
  LoopState state_;
  const Recording* state_rec_ = nullptr;
  size_t state_cursor_ = 0;
  std::vector<Candidate> candidates_;
  size_t candidates_at_ = SIZE_MAX;  // recording size the candidates belong to
  uint16_t policy_choice_ = 0;
  bool playing_ = false;
  bool running_to_ = false;  // a run to a breakpoint in progress
  double play_credit_ = 0;  // fractional steps owed while playing

  ui::TimelinePanel timeline_;
  ui::ControlsPanel controls_;
  ui::LoopStatePanel loop_state_;
  ui::QueuesPanel queues_;
  ui::RequestsPanel requests_;
  ui::CallChainPanel call_chain_;
  ui::SourcePanel source_;
  ui::NarrationPanel narration_;
  ui::PredictPanel predict_;
  PredictScores scores_;
  ui::ConsolePanel console_;
  ui::FileBrowser browser_;
  ui::Dialogs dialogs_;
  std::vector<ui::KeyPress> pending_keys_;
  std::shared_ptr<std::vector<std::string>> log_lines_;
};

}  // namespace loopstep
