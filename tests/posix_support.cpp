// POSIX test helpers.
#include "tests/posix_support.h"

#include <doctest/doctest.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <memory>

namespace fs = std::filesystem;

namespace loopstep::test {
namespace {
const struct timespec kPast[2] = {{1000000, 0}, {1000000, 0}};  // 1970-01-12
}

Output sh(const std::string& command) {
  std::unique_ptr<FILE, int (*)(FILE*)> pipe(::popen(command.c_str(), "r"), &::pclose);
  REQUIRE(pipe);
  std::string out;
  char buf[4096];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, pipe.get())) > 0) out.append(buf, n);
  int st = ::pclose(pipe.release());
  return {out, WIFEXITED(st) ? WEXITSTATUS(st) : -1};
}

Canary::Canary() {
  char templ[] = "/tmp/loopstep-canary-XXXXXX";
  dir = ::mkdtemp(templ);
  std::ofstream(dir / "secret.txt") << "do not touch\n";
  ::utimensat(AT_FDCWD, (dir / "secret.txt").c_str(), kPast, 0);
}

Canary::~Canary() { fs::remove_all(dir); }

bool Canary::intact() const {
  size_t n = 0;
  for (auto& e : fs::directory_iterator(dir)) {
    (void)e;
    ++n;
  }
  struct stat st {};
  if (n != 1 || ::stat((dir / "secret.txt").c_str(), &st) != 0) return false;
  bool untouched = st.st_atim.tv_sec == 1000000 && st.st_mtim.tv_sec == 1000000 && st.st_size == 13;
  std::ifstream in(dir / "secret.txt");  // reading it here moves atime only after the check
  std::string s((std::istreambuf_iterator<char>(in)), {});
  ::utimensat(AT_FDCWD, (dir / "secret.txt").c_str(), kPast, 0);
  return untouched && s == "do not touch\n";
}

PrivateTmp::PrivateTmp() {
  char templ[] = "/tmp/loopstep-test-tmp-XXXXXX";
  dir = ::mkdtemp(templ);
  ::setenv("TMPDIR", dir.c_str(), 1);
}

PrivateTmp::~PrivateTmp() {
  ::unsetenv("TMPDIR");
  fs::remove_all(dir);
}

std::string open_fd_list() { return sh("ls -l /proc/" + std::to_string(::getpid()) + "/fd | sed 1d | sed 's/.* -> //'").out; }

}  // namespace loopstep::test
