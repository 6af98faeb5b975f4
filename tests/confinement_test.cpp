// The node child's confinement (issue 12): a confined node runs a program normally, and every
// escape of tests/escape/ is refused, with a canary folder, the cwd, /tmp, /dev/shm and the
// test's listening sockets untouched. Node's stdout goes to /dev/null in spawn_node, so a
// preloaded line sends console.log to fd 3, the calls pipe, as the bootstrap's calls go.
#include <arpa/inet.h>
#include <doctest/doctest.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>

#include "core/node/node_child.h"
#include "core/unix/landlock.h"
#include "core/unix/node_confinement.h"
#include "tests/posix_support.h"
#include "tests/support.h"

using namespace loopstep;
using namespace loopstep::test;
namespace fs = std::filesystem;

namespace {

// Only a guard against a hang: a run takes well under a second.
constexpr auto kRunTimeout = std::chrono::seconds(60);
// The fd 18_inherited_fd.js tries: the canary left open for reading and writing without
// O_CLOEXEC, as a careless descriptor of loopstep would be.
constexpr int kLeakedFd = 100;

struct Ran {
  std::string out;  // what console.log printed
  std::string err;  // node's stderr
  int status = -1;
  std::string confinement;
};

// Reads the calls pipe and stderr until both close, then reaps node.
Ran collect(NodeChild& child) {
  Ran r;
  r.confinement = child.confinement;
  const auto deadline = std::chrono::steady_clock::now() + kRunTimeout;
  pollfd fds[2] = {{child.calls, POLLIN, 0}, {child.stderr_fd, POLLIN, 0}};
  std::string* sinks[2] = {&r.out, &r.err};
  while (fds[0].fd >= 0 || fds[1].fd >= 0) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now()).count();
    if (left <= 0) {
      FAIL_CHECK("node did not finish within the guard timeout");
      break;
    }
    if (::poll(fds, 2, static_cast<int>(left)) < 0 && errno != EINTR) break;
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || fds[i].revents == 0) continue;
      char buf[4096];
      ssize_t n = ::read(fds[i].fd, buf, sizeof buf);
      if (n > 0) sinks[i]->append(buf, static_cast<size_t>(n));
      else if (n == 0 || errno != EINTR) fds[i].fd = -1;
    }
  }
  int st = end_node(child, true);
  r.status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
  return r;
}

// A run's folders: its cwd (the sandbox of a real run) and the preload.
struct RunDirs {
  fs::path root, cwd, preload;
  RunDirs() {
    char templ[] = "/tmp/loopstep-confine-XXXXXX";
    root = ::mkdtemp(templ);
    cwd = root / "cwd";
    fs::create_directory(cwd);
    preload = root / "print_to_fd3.js";
    std::ofstream(preload) << "console.log = (...a) => require('fs').writeSync(3, a.join(' ') + '\\n');\n";
  }
  ~RunDirs() { fs::remove_all(root); }
};

Ran run_confined(const RunDirs& dirs, const fs::path& script, const std::vector<std::string>& script_args, bool permission_model = true) {
  NodeLaunch launch;
  launch.node = find_node();
  launch.cwd = dirs.cwd.string();
  launch.read_files = {dirs.preload.string(), script.string()};
  launch.cpu_seconds = 30;
  launch.memory_bytes = kNodeAddressSpace;
  if (permission_model) launch.args = node_permission_args(node_major_version(launch.node), launch.read_files);
  launch.args.insert(launch.args.end(), {"--require", dirs.preload.string(), script.string()});
  launch.args.insert(launch.args.end(), script_args.begin(), script_args.end());
  NodeChild child = spawn_node(launch);
  return collect(child);
}

std::set<std::string> listing(const fs::path& dir) {
  std::set<std::string> names;
  for (auto& e : fs::directory_iterator(dir)) names.insert(e.path().filename().string());
  return names;
}

// What the corpus would leave in a shared folder (other tests write there too): its names
// start with "loopstep-escape-".
bool has_escape_files(const fs::path& dir) {
  auto names = listing(dir);
  return std::any_of(names.begin(), names.end(), [](const std::string& n) { return n.rfind("loopstep-escape-", 0) == 0; });
}

// Sockets of the test that the corpus tries to reach; none may see a connection or a datagram.
struct Listeners {
  int tcp = -1, udp = -1, unix_path = -1, unix_abstract = -1;
  int tcp_port = 0, udp_port = 0;
  std::string unix_name;

  explicit Listeners(const fs::path& dir) : unix_name((dir / "escape.sock").string()) {
    sockaddr_in in{};
    in.sin_family = AF_INET;
    in.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    tcp = bound(AF_INET, SOCK_STREAM, reinterpret_cast<sockaddr*>(&in), sizeof in, &tcp_port);
    udp = bound(AF_INET, SOCK_DGRAM, reinterpret_cast<sockaddr*>(&in), sizeof in, &udp_port);
    sockaddr_un un{};
    un.sun_family = AF_UNIX;
    std::strncpy(un.sun_path, unix_name.c_str(), sizeof un.sun_path - 1);
    unix_path = bound(AF_UNIX, SOCK_STREAM, reinterpret_cast<sockaddr*>(&un), sizeof un, nullptr);
    // The abstract name node connects to: a NUL, then the same path (12_unix_socket.js).
    std::memmove(un.sun_path + 1, un.sun_path, sizeof un.sun_path - 1);
    un.sun_path[0] = '\0';
    socklen_t len = static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + 1 + unix_name.size());
    unix_abstract = bound(AF_UNIX, SOCK_STREAM, reinterpret_cast<sockaddr*>(&un), len, nullptr);
  }
  ~Listeners() {
    for (int fd : {tcp, udp, unix_path, unix_abstract}) ::close(fd);
  }
  static int bound(int family, int type, sockaddr* addr, socklen_t len, int* port) {
    int fd = ::socket(family, type | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    REQUIRE(fd >= 0);
    REQUIRE(::bind(fd, addr, len) == 0);
    if (type == SOCK_STREAM) REQUIRE(::listen(fd, 8) == 0);
    if (port) {
      sockaddr_in got{};
      socklen_t got_len = sizeof got;
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&got), &got_len);
      *port = ntohs(got.sin_port);
    }
    return fd;
  }
  // Nothing connected, nothing sent: every socket would block.
  bool untouched() const {
    char b;
    bool quiet = ::recv(udp, &b, 1, 0) < 0 && errno == EAGAIN;
    for (int fd : {tcp, unix_path, unix_abstract}) quiet = quiet && ::accept(fd, nullptr, nullptr) < 0 && errno == EAGAIN;
    return quiet;
  }
};

bool can_confine() {
  if (find_node().empty()) {
    MESSAGE("node is not installed: the confinement tests are skipped");
    return false;
  }
  if (landlock_abi().version == 0) {
    MESSAGE("Landlock is not available on this kernel: the confinement tests are skipped");
    return false;
  }
  return true;
}

// The corpus against its targets: a canary, symlinks to it from the cwd, an ELF file posing
// as an addon, the canary open as fd 100, sockets listening.
struct EscapeRun {
  RunDirs dirs;
  Canary canary;
  Listeners listeners{dirs.root};
  std::set<std::string> cwd_before;

  EscapeRun() {
    fs::create_symlink(canary.dir / "secret.txt", dirs.cwd / "canary-link");
    fs::create_directory_symlink(canary.dir, dirs.cwd / "canary-dir-link");
    fs::copy_file("/bin/true", dirs.cwd / "addon.node");  // any ELF file: it must not even be read
    cwd_before = listing(dirs.cwd);
    REQUIRE(!has_escape_files("/tmp"));
    REQUIRE(!has_escape_files("/dev/shm"));
    int leaked = ::open((canary.dir / "secret.txt").c_str(), O_RDWR);
    REQUIRE(leaked >= 0);
    REQUIRE(::dup2(leaked, kLeakedFd) == kLeakedFd);  // no O_CLOEXEC: spawn_node must close it
    ::close(leaked);
  }
  ~EscapeRun() { ::close(kLeakedFd); }

  // Each file's one line, by file name.
  std::vector<std::pair<std::string, Ran>> run_all(bool permission_model) {
    std::vector<fs::path> corpus;
    for (auto& e : fs::directory_iterator(source_path("tests/escape")))
      if (e.path().extension() == ".js") corpus.push_back(e.path());
    std::sort(corpus.begin(), corpus.end());
    CHECK(corpus.size() >= 19);
    const std::vector<std::string> args{canary.dir.string(), std::to_string(listeners.tcp_port), std::to_string(listeners.udp_port),
                                        listeners.unix_name};
    std::vector<std::pair<std::string, Ran>> out;
    for (const fs::path& script : corpus) out.emplace_back(script.filename().string(), run_confined(dirs, script, args, permission_model));
    return out;
  }

  void check_untouched() {
    CHECK(canary.intact());
    CHECK(listing(dirs.cwd) == cwd_before);
    CHECK(!has_escape_files("/tmp"));
    CHECK(!has_escape_files("/dev/shm"));
    CHECK(listeners.untouched());
  }
};

void check_blocked(const std::string& name, const Ran& r) {
  INFO(name << ": " << r.out << r.err);
  CHECK(r.status == 0);
  CHECK(r.out.rfind("BLOCKED ", 0) == 0);
  CHECK(std::count(r.out.begin(), r.out.end(), '\n') == 1);
}

}  // namespace

TEST_CASE("confinement: a confined node runs ticks, promises, timers and immediates in Node's order") {
  if (!can_confine()) return;
  RunDirs dirs;
  const fs::path script = dirs.root / "runs.js";
  std::ofstream(script) << "setTimeout(() => console.log('timeout'), 1);\n"
                           "setImmediate(() => console.log('immediate'));\n"
                           "Promise.resolve().then(() => console.log('promise'));\n"
                           "process.nextTick(() => console.log('tick'));\n"
                           "console.log('main', Object.keys(process.env).length);\n";
  Ran r = run_confined(dirs, script, {});
  INFO(r.err);
  CHECK(r.status == 0);
  // The timer may come before or after the immediate: it depends on the loop's first clock.
  CHECK((r.out == "main 0\ntick\npromise\nimmediate\ntimeout\n" || r.out == "main 0\ntick\npromise\ntimeout\nimmediate\n"));
  CHECK(r.confinement.rfind("Landlock ABI ", 0) == 0);
}

TEST_CASE("confinement: every escape of tests/escape is blocked; the canary, the cwd, /tmp, /dev/shm and the test's sockets are untouched") {
  if (!can_confine()) return;
  EscapeRun run;
  for (const auto& [name, r] : run.run_all(true)) check_blocked(name, r);
  run.check_untouched();
}

// Node before 20 has no permission model: what the kernel sees is refused all the same. Only
// node's own gates stay open: running node again (equally confined), reaching the internal
// bindings, dlopen of a system library (it loads, and is refused as no addon).
TEST_CASE("confinement: without node's permission model, Landlock and seccomp still block every escape that reaches the kernel") {
  if (!can_confine()) return;
  EscapeRun run;
  const std::map<std::string, std::string> only_node_gates = {
      {"07_exec.js", "ESCAPED execFileSync node\n"},
      {"13_process_binding.js", "ESCAPED process.binding('spawn_sync'), process.binding('process_wrap')\n"},
      {"17_native_addon.js", "NOT-BLOCKED ERR_DLOPEN_FAILED EACCES\n"}};
  for (const auto& entry : run.run_all(false)) {
    // Named copies: clang 14 cannot capture a structured binding in doctest's INFO lambda.
    const auto& name = entry.first;
    const auto& r = entry.second;
    auto gate = only_node_gates.find(name);
    if (gate == only_node_gates.end()) {
      check_blocked(name, r);
      continue;
    }
    INFO(name << ": " << r.err);
    CHECK(r.out == gate->second);
  }
  run.check_untouched();
}

TEST_CASE("confinement: the summary says what Landlock's ABI blocks, and says plainly when nothing confines node") {
  CHECK(confinement_summary({7, 0}, true) ==
        "Landlock ABI 7: reads only node and its libraries, the bootstrap and the lesson; writes nothing; no TCP; "
        "no exec but node; signals scoped; no sockets, no metadata changes (seccomp)");
  CHECK(confinement_summary({3, 0}, true).find("; TCP open (Landlock ABI < 4); no exec but node; signals not scoped (Landlock ABI < 6)") !=
        std::string::npos);
  CHECK(confinement_summary({0, ENOSYS}, true) ==
        "not confined: Landlock is not available on this kernel (Function not implemented); rlimits and no_new_privs only; "
        "no sockets, no metadata changes (seccomp)");
}

TEST_CASE("confinement: node's rules read each system tree once (merged /usr), execute only node and its loader") {
  if (find_node().empty()) return;
  NodeLaunch launch;
  launch.node = find_node();
  launch.read_files = {"/x/bootstrap.js", "/x/lesson.js"};
  LandlockRules rules = node_landlock_rules(launch);
  for (size_t i = 0; i < rules.read_trees.size(); ++i)
    for (size_t j = 0; j < rules.read_trees.size(); ++j)
      if (i != j) CHECK(rules.read_trees[i].rfind(rules.read_trees[j] + "/", 0) != 0);
  if (fs::is_symlink("/lib")) CHECK(std::count(rules.read_trees.begin(), rules.read_trees.end(), "/lib") == 0);
  CHECK(std::count(rules.read_files.begin(), rules.read_files.end(), "/x/lesson.js") == 1);
  REQUIRE(rules.exec_files.size() == 2);
  CHECK(rules.exec_files[0] == launch.node);
  CHECK(rules.exec_files[1].find("ld-linux") != std::string::npos);
}

TEST_CASE("node permission model: the flag of each major version, one --allow-fs-read per file, nothing before 20") {
  const std::vector<std::string> files{"/a/bootstrap.js", "/b/lesson.js"};
  CHECK(node_permission_args(18, files).empty());
  CHECK(node_permission_args(20, files) ==
        std::vector<std::string>{"--experimental-permission", "--allow-fs-read=/a/bootstrap.js", "--allow-fs-read=/b/lesson.js"});
  CHECK(node_permission_args(22, files).front() == "--experimental-permission");
  CHECK(node_permission_args(24, files).front() == "--permission");
}

TEST_CASE("node version: the major version node --version prints; 0 for what is not node") {
  CHECK(node_major_version("") == 0);
  CHECK(node_major_version("/bin/false") == 0);
  if (find_node().empty()) return;
  Output o = sh("'" + find_node() + "' --version");
  CHECK(node_major_version(find_node()) == std::stoi(o.out.substr(1)));
}
