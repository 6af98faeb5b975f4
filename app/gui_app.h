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
#include "app/gui_entry.h"
#include "core/compare/comparison.h"
#include "core/compare/lockstep.h"
#include "core/engine/live_run.h"
#include "core/engine/session.h"
#include "ui/call_chain.h"
#include "ui/compare_view.h"
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
#include "ui/sockets_panel.h"
#include "ui/source_panel.h"
#include "ui/timeline.h"

namespace loopstep {

// Where `open` puts the app: a step (the command line's --step N, screenshot's --steps N) and
// the what-if switches (--backend, --workers, --pool-size) a lesson runs with. Unset: a
// recording's saved moment, else step 0 and the lesson's own configuration.
struct OpenAt {
  std::optional<size_t> step;
  std::optional<BackendKind> backend;
  std::optional<WorkerModel> workers;
  std::optional<int> pool_size;
  bool any_what_if() const { return backend || workers || pool_size; }
};

// The command line's --step and what-if names (already checked by CLI11) as an OpenAt.
OpenAt open_at(const MomentArgs& a);

class GuiApp {
 public:
  // `engine_command` empty: the engine runs in this process. Otherwise every scenario runs
  // in a child process speaking the engine protocol, e.g. "wine build-win/app/loopstep.exe engine".
  explicit GuiApp(std::string bundled_dir, std::string engine_command = "");
  ~GuiApp();

  // A scenario (.toml, a new live session paused at step 0) or a saved recording (.jsonl,
  // replay, at its saved moment). On failure the error dialog shows and the current session
  // stays; returns false. Recordings refuse what-if switches (last_error says so).
  bool open(const std::string& path, const OpenAt& at = {});
  // Takes up to n steps forward; returns the steps taken.
  size_t step_forward(size_t n);
  // Moves the cursor to step N (history, or the engine steps forward); returns the step
  // reached: less than N when the run ended first.
  size_t go_to_step(size_t step);
  // What a saved recording remembers of this moment: the cursor, the timeline's view and
  // selection, the what-if switches.
  Moment moment() const;
  // The command line that opens this moment again: `loopstep 'FILE' --backend epoll --step 26`.
  std::string command_for_moment() const;
  // File -> Copy command for this moment: that command on the clipboard (ImGui's, which the
  // window's GLFW backend hands to glfwSetClipboardString).
  void copy_command();
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
  const std::vector<Note>* notes() const { return session_ ? &session_->scenario().notes : nullptr; }  // a replay has none
  const LoopState& state() { refresh_state(); return state_; }
  // View -> Compare: the open lesson run twice, one run per side ("backend=epoll" ...),
  // stepped together; false (last_error says why) for a replay or a side that does not parse.
  bool open_compare(const std::string& a, const std::string& b);
  bool comparing() const { return compare_ != nullptr; }
  // The Compare view's position (0 = both at step 0) and how many there are.
  size_t compare_position() const { return compare_ ? compare_->at : 0; }
  size_t compare_positions() const { return compare_ ? compare_->positions.size() : 0; }
  void compare_go_to(size_t position);
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
  void restore(const Moment& m);  // a reopened recording's view and selection
  ui::CompareFrame build_compare_frame();
  void apply_compare(const ui::Intents& in);
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
  bool lanes_picked_ = false;  // a step released another lane than the policy's: a command cannot repeat it
  bool playing_ = false;
  bool running_to_ = false;  // a run to a breakpoint in progress
  double play_credit_ = 0;  // fractional steps owed while playing

  ui::TimelinePanel timeline_;
  ui::ControlsPanel controls_;
  ui::LoopStatePanel loop_state_;
  ui::QueuesPanel queues_;
  ui::RequestsPanel requests_;
  ui::SocketsPanel sockets_;
  ui::CallChainPanel call_chain_;
  ui::SourcePanel source_;
  ui::NarrationPanel narration_;
  ui::PredictPanel predict_;
  PredictScores scores_;
  ui::ConsolePanel console_;
  ui::FileBrowser browser_;
  ui::Dialogs dialogs_;
  std::vector<ui::KeyPress> pending_keys_;
  // The Compare view's two runs (run to the end in Step mode), where they stand, and the
  // states the panels read at each side's cursor.
  struct CompareState {
    Comparison runs;
    std::vector<LockstepPosition> positions;
    size_t at = 0;
    ui::CompareView view;
    LoopState state_a, state_b;
  };
  std::unique_ptr<CompareState> compare_;
  std::shared_ptr<std::vector<std::string>> log_lines_;
};

}  // namespace loopstep
