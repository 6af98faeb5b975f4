// Recording files (issue 5): the save is atomic (temporary file, fsync, rename), a failed save
// leaves the previous file as it was and no temporary file behind, and loading never throws.
#include <doctest/doctest.h>
#include <fcntl.h>
#include <sys/resource.h>
#include <unistd.h>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/trace/recording_file.h"
#include "tests/support.h"

using namespace loopstep;
using namespace loopstep::test;
namespace fs = std::filesystem;

namespace {

struct TempDir {
  fs::path dir;
  TempDir() {
    char templ[] = "/tmp/loopstep-recfile-XXXXXX";
    dir = ::mkdtemp(templ);
  }
  ~TempDir() { fs::remove_all(dir); }
  std::vector<std::string> names() const {
    std::vector<std::string> out;
    for (auto& e : fs::directory_iterator(dir)) out.push_back(e.path().filename().string());
    std::sort(out.begin(), out.end());
    return out;
  }
};

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), {});
}

RunResult recorded(const char* scenario) {
  SessionOptions o;
  o.mode = Mode::step;
  return run_scenario(load_scenario(scenario), o);
}

}  // namespace

TEST_CASE("recording file: a saved recording loads back event for event, and no temporary file is left") {
  TempDir tmp;
  auto r = recorded("scenarios/fs_stat_epoll_pool.toml");
  const std::string path = (tmp.dir / "run.jsonl").string();
  CHECK(save_recording(path, r.rec()) == "");
  CHECK(tmp.names() == std::vector<std::string>{"run.jsonl"});
  CHECK((fs::status(path).permissions() & fs::perms::all) == (fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read | fs::perms::others_read));
  LoadedRecording back = load_recording(path);
  CHECK(back.error == "");
  CHECK(back.warnings.empty());
  REQUIRE(back.recording->size() == r.rec().size());
  CHECK(step_signature(*back.recording) == step_signature(r.rec()));
  CHECK(back.recording->info().title == r.rec().info().title);
}

TEST_CASE("recording file: saving over a file replaces it by rename, never in place") {
  TempDir tmp;
  const fs::path path = tmp.dir / "run.jsonl";
  auto small = recorded("scenarios/fs_open_iocp.toml");
  auto big = recorded("scenarios/pool_saturation.toml");
  REQUIRE(save_recording(path.string(), small.rec()) == "");
  const std::string before = slurp(path);
  int old_fd = ::open(path.c_str(), O_RDONLY);
  REQUIRE(old_fd >= 0);
  REQUIRE(save_recording(path.string(), big.rec()) == "");
  // The old inode still holds the whole old recording: the new one went to another file.
  std::string old_content(before.size() + 1, '\0');
  ssize_t n = ::pread(old_fd, old_content.data(), old_content.size(), 0);
  ::close(old_fd);
  CHECK(n == static_cast<ssize_t>(before.size()));
  old_content.resize(n > 0 ? static_cast<size_t>(n) : 0);
  CHECK(old_content == before);
  CHECK(load_recording(path.string()).recording->size() == big.rec().size());
  CHECK(tmp.names() == std::vector<std::string>{"run.jsonl"});
}

TEST_CASE("recording file: a save that fails while writing leaves the existing file intact and no temporary file") {
  TempDir tmp;
  const fs::path path = tmp.dir / "run.jsonl";
  auto small = recorded("scenarios/fs_open_iocp.toml");
  auto big = recorded("scenarios/pool_saturation.toml");
  REQUIRE(save_recording(path.string(), small.rec()) == "");
  const std::string before = slurp(path);
  // Files of this process may not grow past 4 KiB: the write of the temporary file fails
  // with EFBIG (as a full disk would fail it with ENOSPC). Root is bound by it too.
  rlimit old{};
  REQUIRE(::getrlimit(RLIMIT_FSIZE, &old) == 0);
  auto old_handler = ::signal(SIGXFSZ, SIG_IGN);
  rlimit small_limit = old;
  small_limit.rlim_cur = 4096;
  REQUIRE(::setrlimit(RLIMIT_FSIZE, &small_limit) == 0);
  const std::string err = save_recording(path.string(), big.rec());
  ::setrlimit(RLIMIT_FSIZE, &old);
  ::signal(SIGXFSZ, old_handler);
  CHECK(err == "cannot save '" + path.string() + "': writing: File too large");
  CHECK(slurp(path) == before);
  CHECK(tmp.names() == std::vector<std::string>{"run.jsonl"});
}

TEST_CASE("recording file: a save into a folder that does not exist, or under a file, fails with the reason") {
  TempDir tmp;
  auto r = recorded("scenarios/fs_open_iocp.toml");
  const std::string missing = (tmp.dir / "no-such-folder" / "run.jsonl").string();
  CHECK(save_recording(missing, r.rec()) == "cannot save '" + missing + "': creating the temporary file: No such file or directory");
  std::ofstream(tmp.dir / "afile") << "x";
  const std::string under_file = (tmp.dir / "afile" / "run.jsonl").string();
  CHECK(save_recording(under_file, r.rec()) == "cannot save '" + under_file + "': creating the temporary file: Not a directory");
  // Onto a folder: the rename fails, the temporary file is removed, the folder is untouched.
  fs::create_directory(tmp.dir / "adir");
  const std::string onto_dir = (tmp.dir / "adir").string();
  CHECK(save_recording(onto_dir, r.rec()) == "cannot save '" + onto_dir + "': renaming the temporary file over it: Is a directory");
  CHECK(tmp.names() == std::vector<std::string>{"adir", "afile"});
  CHECK(fs::is_empty(tmp.dir / "adir"));
  CHECK(slurp(tmp.dir / "afile") == "x");
}

TEST_CASE("recording file: loading a missing file, a folder or a truncated file says so and never throws") {
  TempDir tmp;
  LoadedRecording missing = load_recording((tmp.dir / "none.jsonl").string());
  CHECK(missing.error == (tmp.dir / "none.jsonl").string() + ": cannot open: No such file or directory");
  REQUIRE(missing.recording);
  CHECK(missing.recording->empty());
  CHECK(load_recording(tmp.dir.string()).error == tmp.dir.string() + ": cannot open: Is a directory");

  auto r = recorded("scenarios/fs_open_iocp.toml");
  const fs::path path = tmp.dir / "cut.jsonl";
  REQUIRE(save_recording(path.string(), r.rec()) == "");
  std::string text = slurp(path);
  // Cut in the middle of the line of event 10 (line 12: the header is line 1).
  size_t at = 0;
  for (int line = 0; line < 11; ++line) at = text.find('\n', at) + 1;
  std::ofstream(path, std::ios::binary | std::ios::trunc) << text.substr(0, at + 20);
  LoadedRecording cut = load_recording(path.string());
  CHECK(cut.error == "");
  CHECK(cut.recording->size() == 10);
  REQUIRE(cut.warnings.size() == 1);
  CHECK(cut.warnings[0] == path.string() + ":12: not valid JSON (truncated?); the recording is loaded up to the event before");
}
