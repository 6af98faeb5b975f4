// The emulation, proven (issue 6; sockets, issue 17): every bundled scenario in Step mode, with the same
// release choices, on the native Win32 completion port (build-win/app/loopstep.exe under
// Wine) and on the emulated one here, must give the same sequence of (kind, thread, layer,
// function, request, value-class). Handles, fds, times and sequence numbers aside. Skipped
// with a message when Wine or the Windows build is missing (`make windows` builds it).
#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <unistd.h>

#include "core/trace/trace_io.h"
#include "tests/support.h"

using namespace loopstep;
using namespace loopstep::test;
namespace fs = std::filesystem;

namespace {

// The one legitimate difference in function names: the worker's file call is the real one
// of each platform. Linux (the emulated port's workers call the Linux syscalls) -> Win32
// (core/win/sandbox_win.cpp, named in core/fs_op_names_win.cpp).
const std::map<std::string, std::string> kLinuxToWin32 = {
    {"open(2)", "CreateFileW"},
    {"stat(2)", "GetFileInformationByHandle"},   // after CreateFileW of the path, as libuv's fs__stat
    {"fstat(2)", "GetFileInformationByHandle"},
    {"read(2)", "ReadFile"},
    {"write(2)", "WriteFile"},
    {"close(2)", "CloseHandle"},
    {"unlink(2)", "DeleteFileW"},
};

// The sockets' named difference: on Linux an overlapped operation is an io_uring submission,
// and its event says so ("AcceptEx (IOCP semantics on io_uring: IORING_OP_ACCEPT)"); the
// native port's is the call itself ("AcceptEx").
const std::string kStandsIn = " (IOCP semantics on io_uring: ";

std::string win32_name(const std::string& linux_fn) {
  if (size_t at = linux_fn.find(kStandsIn); at != std::string::npos) return linux_fn.substr(0, at);
  static const std::string kInjected = " (error injected)";
  std::string base = linux_fn, suffix;
  if (base.size() > kInjected.size() && base.ends_with(kInjected)) {
    base.resize(base.size() - kInjected.size());
    suffix = kInjected;
  }
  auto it = kLinuxToWin32.find(base);
  return it == kLinuxToWin32.end() ? linux_fn : it->second + suffix;
}

// The value-class: exact for counts, depths, phases, timeouts and thread numbers; the sign
// for values that are handles or fds (a port handle vs an eventfd; a HANDLE value vs an fd:
// the native sandbox hands the scenario the HANDLE itself); console text with digit runs
// folded ("Result:  80" vs "Result:  7").
std::string value_class(const Recording& rec, const Event& e) {
  const RunInfo& info = rec.info();
  if (e.kind == Kind::port_create) return "handle";
  // Sockets: a SOCKET vs an fd, and ephemeral ports, are each run's own.
  const std::string fn(info.strings.str(e.fn));
  if (e.kind == Kind::sock_name) return "ports";
  if (e.kind == Kind::io_ctl || (e.value >= 0 && (fn == "uv__process_tcp_accept_req" || fn.starts_with("socket + "))))
    return "handle";
  // A packet's, a binding's or a callback's error is the C runtime's errno (ECANCELED is 125 on
  // Linux, 105 in MinGW's; ECONNREFUSED 111 and 107): which one, the console line names.
  if (e.value < 0 && (fn.starts_with("uv__process_tcp_") || e.kind == Kind::callback_begin || e.kind == Kind::binding_call))
    return "err";
  if (e.kind == Kind::console)
    return std::regex_replace(std::string(info.strings.str(static_cast<uint32_t>(e.value))), std::regex("[0-9]+"), "N");
  bool result = (e.kind == Kind::syscall_end && e.layer == Layer::kernel) || e.kind == Kind::after;
  if (result && e.value >= 0 && info.requests.has(e.req) && info.strings.str(info.requests.get(e.req).op) == "fs.open")
    return "handle";
  if (result && e.value < 0) return "err";  // which error: the console line names it (err.code)
  return std::to_string(e.value);
}

std::vector<std::string> signature(const Recording& rec, bool map_names) {
  std::vector<std::string> out;
  for (const Event& e : rec.events()) {
    std::string fn(rec.info().strings.str(e.fn));
    out.push_back(std::string(kind_name(e.kind)) + " T" + std::to_string(e.thread) + " " + std::string(layer_name(e.layer)) +
                  " " + (map_names ? win32_name(fn) : fn) + " #" + std::to_string(e.req) + " " + value_class(rec, e));
  }
  return out;
}

std::string windows_exe() {
  if (const char* p = std::getenv("LOOPSTEP_WIN_EXE"); p && *p) return p;
  return source_path("build-win/app/loopstep.exe");
}

std::string wine_env() {
  // The Windows build's own prefix unless one is given; Wine's chatter off.
  const char* prefix = std::getenv("WINEPREFIX");
  std::string p = prefix && *prefix ? prefix : source_path("build-win/wineprefix");
  return "WINEPREFIX='" + p + "' WINEDEBUG=-all ";
}

bool wine_ready(std::string* why) {
  if (std::system("command -v wine >/dev/null 2>&1") != 0) {
    *why = "wine is not installed (scripts/install-deps.sh --windows)";
    return false;
  }
  if (!fs::exists(windows_exe())) {
    *why = windows_exe() + " is missing (make windows)";
    return false;
  }
  return true;
}

}  // namespace

TEST_CASE("emulation proof: native IOCP under Wine and emulated IOCP give the same Step sequences") {
  std::string why;
  if (!wine_ready(&why)) {
    MESSAGE("SKIPPED: the native-vs-emulated IOCP comparison needs Wine and the Windows build: " << why);
    return;
  }
  // The wine server runs detached (its fds on /dev/null), or a pipe of ours stays open.
  fs::create_directories(source_path("build-win/wineprefix"));
  std::system((wine_env() + "wineserver -p </dev/null >/dev/null 2>&1; " + wine_env() + "wine wineboot </dev/null >/dev/null 2>&1").c_str());
  fs::path tmp = fs::temp_directory_path() / ("loopstep_proof_" + std::to_string(::getpid()));
  fs::create_directories(tmp);
  int compared = 0;
  for (const auto& f : bundled_scenarios()) {
    Scenario sc = load_scenario(f);
    for (WorkerModel w : {WorkerModel::pool, WorkerModel::per_request}) {
      std::string model(worker_model_name(w));
      CAPTURE(f + " on iocp/" + model);
      SessionOptions o;
      o.mode = Mode::step;
      o.backend = BackendKind::iocp;
      o.workers = w;  // the release policy: the scenario's, on both sides
      auto emulated = run_scenario(sc, o);

      fs::path out = tmp / (fs::path(f).stem().string() + "_" + model + ".jsonl");
      std::string cmd = wine_env() + "wine '" + windows_exe() + "' run '" + source_path(f) +
                        "' --mode step --backend iocp --workers " + model + " --format jsonl --out '" + out.string() +
                        "' </dev/null >'" + out.string() + ".log' 2>&1";
      int rc = std::system(cmd.c_str());
      REQUIRE_MESSAGE(rc == 0, "wine loopstep.exe failed: " << cmd);
      std::ifstream in(out);
      LoadedRecording native = read_jsonl(in, out.string());
      REQUIRE(native.error == "");
      CHECK(native.warnings.empty());
      CHECK(native.recording->info().config.backend == BackendKind::iocp);
      CHECK(check_invariants(*native.recording) == "");

      std::vector<std::string> a = signature(emulated.rec(), /*map_names=*/true);
      std::vector<std::string> b = signature(*native.recording, /*map_names=*/false);
      // The first difference, not two thousand lines of vectors.
      size_t i = 0;
      while (i < a.size() && i < b.size() && a[i] == b[i]) ++i;
      INFO("first difference at event " << i << ": emulated '" << (i < a.size() ? a[i] : "<end>") << "' vs native '"
                                        << (i < b.size() ? b[i] : "<end>") << "'");
      CHECK(a == b);
      ++compared;
    }
  }
  std::system((wine_env() + "wineserver -k </dev/null >/dev/null 2>&1").c_str());
  fs::remove_all(tmp);
  MESSAGE("compared " << compared << " Step runs, native IOCP under Wine vs emulated IOCP");
}
