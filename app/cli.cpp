// The command line, with CLI11.
#include "app/cli.h"

#include <CLI/CLI.hpp>
#include <fstream>
#include <iostream>
#include <optional>
#ifdef _WIN32
#include <fcntl.h>
#include <io.h>
#else
#include "core/remote/engine_process.h"
#include "core/trace/recording_file.h"
#endif

#include "app/bundled.h"
#include "app/gui_entry.h"
#include "core/compare/comparison.h"
#include "core/hunt/explorer.h"
#include "core/remote/engine_protocol.h"
#include "core/node/lesson_check.h"
#include "core/scenario/export_js.h"
#include "core/scenario/scenario.h"
#include "core/engine/session.h"
#include "core/trace/trace_io.h"

namespace loopstep {
namespace {

std::optional<Scenario> load(const std::string& file) {
  ScenarioResult r = load_lesson(file);
  if (auto* err = std::get_if<ScenarioError>(&r)) {
    std::cerr << err->format() << "\n";
    return std::nullopt;
  }
  return std::get<Scenario>(std::move(r));
}

struct RunArgs {
  std::string file;
  std::string backend, workers, engine_bug, mode = "run", policy, format = "text", chrome_trace, trace_args = "brief", out, engine_cmd;
  int pool_size = 0;
  std::string run_options_given;  // "--backend" etc. when given: they shape a run, not a replay
};

// --engine-bug's value (CLI11 checked it): none = the correct engine.
EngineBug engine_bug_option(const std::string& s) {
  EngineBug b = EngineBug::none;
  engine_bug_from_name(s, &b);
  return b;
}

constexpr const char* kEngineBugHelp = "what if: plant this bug instead of the lesson's engine_bug, or none (the correct engine)";

// The options `run` and `engine` share; nullopt (and a message) when --policy is bad.
std::optional<SessionOptions> session_options(const RunArgs& a) {
  SessionOptions o;
  if (!a.backend.empty()) { BackendKind b; backend_from_name(a.backend, &b); o.backend = b; }
  if (!a.workers.empty()) { WorkerModel w; worker_model_from_name(a.workers, &w); o.workers = w; }
  if (a.pool_size > 0) o.pool_size = a.pool_size;
  if (!a.engine_bug.empty()) o.engine_bug = engine_bug_option(a.engine_bug);
  o.mode = a.mode == "step" ? Mode::step : Mode::run;
  if (!a.policy.empty()) {
    auto policy = ReleasePolicy::parse(a.policy);
    if (!policy) {
      std::cerr << "--policy: expected lrr, lowest or random:SEED, got '" << a.policy << "'\n";
      return std::nullopt;
    }
    o.policy = *policy;
  }
  return o;
}

void add_session_options(CLI::App* cmd, RunArgs& a) {
  cmd->add_option("--backend", a.backend, "override the scenario's backend")->check(CLI::IsMember({"epoll", "iocp"}));
  cmd->add_option("--workers", a.workers, "override the worker model")->check(CLI::IsMember({"pool", "per-request"}));
  cmd->add_option("--pool-size", a.pool_size, "override the pool size")->check(CLI::Range(1, 1024));
  cmd->add_option("--engine-bug", a.engine_bug, kEngineBugHelp)->check(CLI::IsMember({"none", "lost_wakeup", "double_take"}));
  cmd->add_option("--policy", a.policy, "Step mode release policy: lrr, lowest, random:SEED (default: the scenario's, else lrr)");
}

// A run in this process, or (--engine-cmd) through an engine process: stepped to the end.
std::unique_ptr<LiveRun> make_run(Scenario sc, const SessionOptions& o, const std::string& engine_cmd) {
  if (engine_cmd.empty()) return std::make_unique<Session>(std::move(sc), o);
#ifdef _WIN32
  throw std::runtime_error("--engine-cmd: only the Linux build drives an engine process");
#else
  return std::make_unique<EngineProcess>(std::move(sc), o, engine_cmd);
#endif
}

// The trace of a run or of a replayed recording, as --format, --out and --chrome-trace ask.
int write_outputs(const RunArgs& a, const Recording& rec) {
  std::ofstream file_out;
  if (!a.out.empty()) {
    file_out.open(a.out);
    if (!file_out) { std::cerr << "cannot write " << a.out << "\n"; return 1; }
  }
  std::ostream& out = a.out.empty() ? std::cout : file_out;
  if (a.format == "jsonl") write_jsonl(out, rec);
  else if (a.format == "console") write_console(out, rec);
  else write_text(out, rec);
  if (!a.chrome_trace.empty()) {
    std::ofstream ct(a.chrome_trace);
    if (!ct) { std::cerr << "cannot write " << a.chrome_trace << "\n"; return 1; }
    write_chrome_trace(ct, rec, a.trace_args == "full" ? ChromeTraceArgs::full : ChromeTraceArgs::brief);
  }
  return 0;
}

// A saved recording, read without an engine; nullptr (and its message) when not even its
// header can be read. Its warnings (what was skipped, file:line) go to stderr.
std::unique_ptr<Recording> load_replay(const std::string& file) {
#ifdef _WIN32
  std::ifstream in(file, std::ios::binary);
  LoadedRecording loaded = in ? read_jsonl(in, file) : LoadedRecording{nullptr, {}, file + ": cannot open the recording"};
#else
  LoadedRecording loaded = load_recording(file);
#endif
  if (!loaded.error.empty()) {
    std::cerr << loaded.error << "\n";
    return nullptr;
  }
  for (const std::string& w : loaded.warnings) std::cerr << w << "\n";
  return std::move(loaded.recording);
}

// `run X.jsonl`: the recording replayed and printed as a run would be; the options that
// shape a run do not apply to what was already recorded.
int cmd_replay(const RunArgs& a) {
  if (!a.run_options_given.empty()) {
    std::cerr << a.file << ": " << a.run_options_given << " does not apply to a recording: it replays what was recorded\n";
    return 2;
  }
  std::unique_ptr<Recording> rec = load_replay(a.file);
  if (!rec) return 1;
  return write_outputs(a, *rec);
}

int cmd_run(const RunArgs& a) {
  if (names_recording(a.file)) return cmd_replay(a);
  auto sc = load(a.file);
  if (!sc) return 1;
  std::optional<SessionOptions> o = session_options(a);
  if (!o) return 2;
  if (!a.engine_cmd.empty()) o->mode = Mode::step;  // an engine process always steps
  if (!a.engine_cmd.empty() && sc->js) {
    std::cerr << a.file << ": --engine-cmd runs TOML lessons only: a JS lesson's node runs beside the Linux engine\n";
    return 2;
  }
  std::unique_ptr<LiveRun> run;
  try {
    run = make_run(std::move(*sc), *o, a.engine_cmd);
    run->start();
    run->run_to_end();
  } catch (const std::exception& e) {
    std::cerr << a.file << ": cannot run: " << e.what() << "\n";
    return 1;
  }
  if (int rc = write_outputs(a, run->recording()); rc != 0) return rc;
  if (!run->stop_reason().empty()) {
    std::cerr << a.file << ": " << run->stop_reason() << "\n";
    return 1;
  }
  // A JS lesson ends as node would: an uncaught exception's stack on stderr, node's exit code.
  const RunInfo& info = run->recording().info();
  if (!info.js_error.empty()) std::cerr << info.js_error << "\n";
  return info.exit_code > 0 ? info.exit_code : 0;
}

// `loopstep engine FILE`: a Step-mode session served over stdin/stdout (engine_protocol.h).
int cmd_engine(const RunArgs& a) {
#ifdef _WIN32
  // Lines end in \n on the wire, as on Linux; text mode would add \r.
  _setmode(_fileno(stdin), _O_BINARY);
  _setmode(_fileno(stdout), _O_BINARY);
#endif
  ScenarioResult r = parse_scenario_file(a.file);
  if (auto* err = std::get_if<ScenarioError>(&r)) {
    // The app reads this status line; a person at a terminal reads stderr.
    std::cout << nlohmann::json{{"status", "error"}, {"message", err->format()}}.dump() << std::endl;
    std::cerr << err->format() << "\n";
    return 1;
  }
  std::optional<SessionOptions> o = session_options(a);
  if (!o) return 2;
  o->mode = Mode::step;
  Session session(std::get<Scenario>(std::move(r)), *o);
  return serve_engine(session, std::cin, std::cout);
}

// `loopstep compare FILE --a backend=epoll --b backend=iocp`: two Step-mode runs aligned.
int cmd_compare(const std::string& file, const std::string& a_text, const std::string& b_text) {
  auto a = parse_compare_side("--a", a_text), b = parse_compare_side("--b", b_text);
  for (auto* side : {&a, &b}) {
    if (auto* err = std::get_if<std::string>(side)) {
      std::cerr << *err << "\n";
      return 2;
    }
  }
  if (names_recording(file)) {
    std::cerr << file << ": compare runs a lesson twice; a recording holds one run\n";
    return 2;
  }
  auto sc = load(file);
  if (!sc) return 1;
  try {
    const Comparison c = compare_runs(*sc, std::get<CompareSide>(std::move(a)), std::get<CompareSide>(std::move(b)));
    write_comparison(std::cout, c);
    for (const Session* s : {c.a.get(), c.b.get()})
      if (!s->stop_reason().empty()) {
        std::cerr << file << ": " << s->stop_reason() << "\n";
        return 1;
      }
  } catch (const std::exception& e) {
    std::cerr << file << ": cannot run: " << e.what() << "\n";
    return 1;
  }
  return 0;
}

struct HuntArgs {
  std::string file, out, backend, engine_bug;
  int seeds = 200;
  size_t max_steps = 5000;
  int max_shrink_runs = 400;
  int max_seconds = 120;
};

// Where `hunt` writes the failing run when --out is not given: LESSON.hunt.jsonl here.
std::string default_hunt_out(const std::string& file) {
  size_t slash = file.find_last_of("/\\");
  std::string name = slash == std::string::npos ? file : file.substr(slash + 1);
  if (size_t dot = name.rfind('.'); dot != std::string::npos && dot > 0) name.resize(dot);
  return name + ".hunt.jsonl";
}

// `loopstep hunt FILE`: 0 = an invariant broke (the interleaving printed, the run written),
// 1 = none broke within the budget, 2 = bad input.
int cmd_hunt(const HuntArgs& a) {
  if (names_recording(a.file)) {
    std::cerr << a.file << ": hunt explores a lesson's interleavings; a recording holds one run\n";
    return 2;
  }
  auto sc = load(a.file);
  if (!sc) return 2;
  SessionOptions base;
  if (!a.backend.empty()) { BackendKind b; backend_from_name(a.backend, &b); base.backend = b; }
  if (!a.engine_bug.empty()) base.engine_bug = engine_bug_option(a.engine_bug);
  const std::string_view bug = engine_bug_name(base.engine_bug.value_or(sc->config.engine_bug));
  std::cout << a.file << ": " << (bug.empty() ? std::string("the correct engine (no engine_bug)")
                                              : "this engine has a planted bug: " + std::string(bug))
            << "; up to " << a.seeds << " random seeds, " << a.max_steps << " steps a run, " << a.max_seconds << " s\n";
  HuntOptions o;
  o.seeds = a.seeds;
  o.max_steps = a.max_steps;
  o.max_shrink_runs = a.max_shrink_runs;
  o.max_time = std::chrono::seconds(a.max_seconds);
  HuntResult r;
  try {
    r = hunt(*sc, o, base);
  } catch (const std::exception& e) {
    std::cerr << a.file << ": cannot run: " << e.what() << "\n";
    return 2;
  }
  if (!r.found) {
    std::cout << "no invariant broke in " << r.seeds_run << " random seed(s) (" << r.elapsed.count() << " ms"
              << (r.out_of_time ? ", the time budget ran out" : "") << ")\n";
    return 1;
  }
  std::cout << "random:" << r.seed << " broke it at step " << r.seed_steps + 1 << " (" << r.seeds_run
            << " seed(s)); shrunk in " << r.shrink_runs << " run(s); " << r.elapsed.count() << " ms\n";
  write_hunt(std::cout, r);
  const std::string out = a.out.empty() ? default_hunt_out(a.file) : a.out;
  Moment m;
  m.step = r.run->recording().size();  // the cursor on the invariant event
#ifdef _WIN32
  std::ofstream f(out, std::ios::binary);
  if (f) write_jsonl(f, r.run->recording(), m);
  std::string err = f ? "" : "cannot save '" + out + "'";
#else
  std::string err = save_recording(out, r.run->recording(), m);
#endif
  if (!err.empty()) {
    std::cerr << err << "\n";
    return 2;
  }
  std::cout << "wrote " << out << ": it opens at step " << m.step << " (loopstep " << out << ")\n";
  return 0;
}

}  // namespace

void add_moment_options(CLI::App* cmd, MomentArgs& a, const char* step_flag) {
  if (step_flag)
    cmd->add_option(step_flag, a.step, "open at step N: the N-th event, numbered as in `loopstep run` (0 = before the first)")
        ->check(CLI::NonNegativeNumber);
  cmd->add_option("--backend", a.backend, "what if: run the lesson on this backend")->check(CLI::IsMember({"epoll", "iocp"}));
  cmd->add_option("--workers", a.workers, "what if: run the lesson with this worker model")->check(CLI::IsMember({"pool", "per-request"}));
  cmd->add_option("--pool-size", a.pool_size, "what if: run the lesson with this pool size")->check(CLI::Range(1, 1024));
}

int run_cli(int argc, char** argv) {
  CLI::App app{"loopstep: watch and single-step a real async I/O event loop"};
  app.require_subcommand(0, 1);
  // CLI11 takes "/x" for an option on Windows; under Wine a scenario's path is often /work/...
  app.allow_windows_style_options(false);
  std::string gui_file;
  app.add_option("file", gui_file, "scenario to open in the window (default: the bundled fs_open_iocp.js)");
  GuiArgs gui;
  app.add_option("--engine-cmd", gui.engine_cmd,
                 "run the engine in a child process speaking the engine protocol, e.g. \"wine build-win/app/loopstep.exe engine\"");
  add_moment_options(&app, gui.window, "--step");
  app.add_flag("--predict", gui.predict, "predict mode: before each step that more than one thread could take, pick which one moves");

  RunArgs ra;
  auto* run = app.add_subcommand("run", "run a scenario headless and print its trace");
  run->add_option("file", ra.file, "scenario file, or a saved recording (.jsonl) to replay")->required();
  add_session_options(run, ra);
  run->add_option("--mode", ra.mode, "run: free-running; step: serialized, one event per step")->check(CLI::IsMember({"run", "step"}));
  run->add_option("--engine-cmd", ra.engine_cmd, "step the engine in a child process: a command speaking `loopstep engine`'s protocol");
  run->add_option("--format", ra.format, "text, jsonl (the recording format) or console")->check(CLI::IsMember({"text", "jsonl", "console"}));
  run->add_option("--chrome-trace", ra.chrome_trace, "also write a Chrome trace (opens in Perfetto)");
  run->add_option("--trace-args", ra.trace_args, "the Chrome trace's per-event args: brief (none) or full (seq, layer, req, value, narration)")
      ->check(CLI::IsMember({"brief", "full"}));
  run->add_option("--out", ra.out, "write the trace to this file instead of stdout");

  RunArgs ea;
  auto* engine = app.add_subcommand("engine", "serve a Step-mode run on stdin/stdout in JSON lines (the engine process protocol)");
  engine->add_option("file", ea.file, "scenario file")->required();
  add_session_options(engine, ea);

  std::string check_file;
  auto* check = app.add_subcommand("check", "validate a scenario; nothing runs");
  check->add_option("file", check_file, "scenario file, or a saved recording (.jsonl)")->required();

  std::string js_file;
  auto* js = app.add_subcommand("export-js", "print the equivalent Node.js program");
  js->add_option("file", js_file, "scenario file")->required();

  std::string compare_file, compare_a, compare_b;
  auto* compare = app.add_subcommand("compare", "run a lesson twice (Step mode) and print both runs aligned on the program's moments");
  compare->add_option("file", compare_file, "scenario file")->required();
  compare->add_option("--a", compare_a, "run A's switches: backend=epoll|iocp, workers=pool|per-request, pool_size=N (comma-separated)")
      ->required();
  compare->add_option("--b", compare_b, "run B's switches, as --a")->required();

  HuntArgs ha;
  auto* hunt = app.add_subcommand("hunt", "search the lesson's interleavings (Step mode) for one that breaks an invariant; "
                                          "exit 0 = found, 1 = not within the budget, 2 = bad input");
  hunt->add_option("file", ha.file, "TOML or JS lesson")->required();
  hunt->add_option("--seeds", ha.seeds, "random seeds to try first (default 200)")->check(CLI::Range(1, 1000000));
  hunt->add_option("--max-steps", ha.max_steps, "steps a run may take before it is stopped (default 5000)")
      ->check(CLI::Range(size_t{1}, size_t{10'000'000}));
  hunt->add_option("--max-shrink-runs", ha.max_shrink_runs, "runs the shrink may make (default 400)")->check(CLI::Range(0, 1000000));
  hunt->add_option("--max-seconds", ha.max_seconds, "the whole hunt's time budget (default 120)")->check(CLI::Range(1, 86400));
  hunt->add_option("--backend", ha.backend, "hunt on this backend instead of the lesson's")->check(CLI::IsMember({"epoll", "iocp"}));
  hunt->add_option("--engine-bug", ha.engine_bug, kEngineBugHelp)->check(CLI::IsMember({"none", "lost_wakeup", "double_take"}));
  hunt->add_option("--out", ha.out, "write the failing run here (default: LESSON.hunt.jsonl in the current folder)");

  add_gui_subcommands(app, gui);

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return 2;
  }

  if (*run) {
    for (const char* opt : {"--backend", "--workers", "--pool-size", "--engine-bug", "--policy", "--mode", "--engine-cmd"})
      if (run->count(opt) && ra.run_options_given.empty()) ra.run_options_given = opt;
    return cmd_run(ra);
  }
  if (*engine) return cmd_engine(ea);
  if (*compare) return cmd_compare(compare_file, compare_a, compare_b);
  if (*hunt) return cmd_hunt(ha);
  if (*check && names_recording(check_file)) {
    std::unique_ptr<Recording> rec = load_replay(check_file);
    if (!rec) return 1;
    std::cout << check_file << ": ok: a recording of " << rec->info().title << ", " << rec->events().size() << " events\n";
    return 0;
  }
  if (*check) {
    auto sc = load(check_file);
    if (!sc) return 1;
    std::cout << check_file << ": ok: " << sc->title << "\n";
    if (sc->config.engine_bug != EngineBug::none)
      std::cout << "this engine has a planted bug: " << engine_bug_name(sc->config.engine_bug) << "\n";
    return 0;
  }
  if (*js) {
    auto sc = load(js_file);
    if (!sc) return 1;
    std::cout << export_js(*sc);
    return 0;
  }
  if (int rc = run_gui_subcommands(gui); rc >= 0) return rc;
  std::string file = gui_file.empty() ? default_scenario() : gui_file;
  if (gui_available()) return run_gui(file, gui);
  std::cerr << "loopstep: no display (DISPLAY and WAYLAND_DISPLAY are unset); printing the headless trace of " << file << "\n";
  RunArgs fallback;
  fallback.file = file;
  fallback.mode = "step";
  fallback.engine_cmd = gui.engine_cmd;
  fallback.backend = gui.window.backend;
  fallback.workers = gui.window.workers;
  fallback.pool_size = gui.window.pool_size;
  return cmd_run(fallback);
}

}  // namespace loopstep
