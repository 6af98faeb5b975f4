// Test helpers that need a POSIX system (the Linux suite only): a shell command's output,
// a canary folder outside every sandbox, a private $TMPDIR.
#pragma once
#include <filesystem>
#include <string>

namespace loopstep::test {

struct Output {
  std::string out;
  int status;  // the exit code, -1 when killed
};
// Runs a shell command; its stdout (add 2>&1 for stderr) and exit code.
Output sh(const std::string& command);
// What this process holds open (/proc/self/fd's targets), for the message when a count does not match.
std::string open_fd_list();

// A folder outside every sandbox holding one file; intact() also checks that the file was not
// read (its access time is set far in the past and must stay there).
struct Canary {
  std::filesystem::path dir;
  Canary();
  ~Canary();
  bool intact() const;
};

// A private $TMPDIR for this test process: sandboxes of tests running in parallel do not
// show in it.
struct PrivateTmp {
  std::filesystem::path dir;
  PrivateTmp();
  ~PrivateTmp();
  bool empty() const { return std::filesystem::is_empty(dir); }
};

}  // namespace loopstep::test
