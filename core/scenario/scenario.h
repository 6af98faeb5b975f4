// A scenario: the program a lesson runs (main script, callbacks), its sandbox files,
// its configuration and the teacher's notes. Parsed from TOML (scenario_parse.cpp);
// every key is documented in scenarios/README.md.
#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/record/run_info.h"

namespace loopstep {

enum class Op : uint8_t {
  fs_open, fs_stat, fs_fstat, fs_read, fs_write, fs_close, fs_unlink,
  pool_work,      // CPU-bound work on the pool (uv_queue_work), `work_ms` long
  set_timeout, set_immediate, next_tick, promise_then,
  console_log,
  // JS lessons only (a TOML statement cannot name them):
  fs_lstat, fs_mkdir, fs_readdir, fs_rename, fs_rmdir,
  crypto_pbkdf2,  // a real key derivation on the pool (uv_queue_work), as node's PBKDF2Job
  // TOML statements on the loop's TCP handles (core/engine/statement_sockets.h), the calls a JS
  // lesson's `net` makes: net.listen, net.connect, socket.on, socket.write, socket.end,
  // socket.destroy, server.close.
  net_listen, net_connect, socket_on, socket_write, socket_end, socket_destroy, server_close,
};
std::string_view op_name(Op op);  // the JS spelling: "fs.open", "setTimeout", "Promise.then" ...
bool op_from_name(std::string_view s, Op* out);  // a TOML statement's call: up to console_log, and the net ones
bool op_is_fs(Op op);             // goes through binding -> libuv -> a worker
bool op_is_work(Op op);           // pool.work, crypto.pbkdf2: uv_queue_work, no syscall
bool op_is_net(Op op);            // a TOML statement on a server or socket (net_listen .. server_close)
bool op_uses_fd(Op op);           // fstat, read, write, close take a file descriptor variable
bool op_uses_path(Op op);         // open, stat, unlink (lstat, mkdir, readdir, rename, rmdir) take a sandbox path
inline constexpr size_t kOpCount = static_cast<size_t>(Op::server_close) + 1;

// crypto.pbkdf2's time in Step mode's virtual clock (and pool.work's iterations in export-js):
// ns per HMAC computation of the digest, about what node 20 takes on this project's x86
// machine when it is quiet (sha1 150, sha224/256 200, sha384/512 300; about 1.7 times that
// at a load average of 8). Approximate by design.
int64_t pbkdf2_hmac_ns(std::string_view digest);

// Why `path` cannot name a file inside the sandbox, or "" when it can: it must be
// relative, non-empty, without NUL, `..`, `.` or empty components, <= 255 bytes per
// component and <= 1024 bytes in all. The parser reports it; the engine may re-check.
std::string sandbox_path_problem(std::string_view path);

// Splits a console.log arg into pieces: literal text, or `{name}` (braces with no brace
// inside). The parser accepts only {err}, {result} and {data}; the engine and export_js
// fill them in.
std::vector<std::string_view> split_placeholders(std::string_view arg);

// 'text' for an error message: control bytes escaped (\u0000), long text cut with "...".
std::string quote(std::string_view text);

struct SourcePos {
  uint32_t line = 0, column = 0;  // 1-based; 0 = unknown
};

// One statement of the main script or of a callback body.
struct Step {
  Op op = Op::console_log;
  SourcePos pos;
  std::string path;         // open, stat, unlink: relative to the sandbox
  std::string flags = "r";  // open: r r+ w w+ a a+ wx
  int mode = 0644;          // open: permission bits for created files
  std::string fd;           // fstat, read, write, close: a variable set by an open's `save_as`
  std::string save_as;      // open: the variable that receives the fd, set before the callback runs
  int64_t length = 64;      // read: bytes to read
  int64_t position = -1;    // read, write: file offset, -1 = the current position
  std::string data;         // write: the text written
  int64_t delay_ms = 0;     // setTimeout
  int64_t work_ms = 0;      // pool.work: how long the CPU-bound work runs
  int64_t latency_ms = 0;   // injected latency before the syscall (shown as injected)
  std::vector<std::string> args;  // console.log: joined by spaces; {err} {result} {data} are filled in
  std::string callback;     // the callback to run on completion; empty = none
  std::string expect_error; // fs ops: the errno name the lesson expects ("ENOENT"), empty = success
  std::string inject_error; // fs ops: fail with this errno instead of making the syscall (fault injection, shown as injected)
  // JS lessons: what a program's call carries that a TOML statement names otherwise.
  int64_t fd_number = -1;   // the descriptor itself (a TOML statement names a variable)
  std::string path2;        // rename: the new path
  int64_t repeat_ms = 0;    // setInterval: the timer restarts with this delay after each run
  bool recursive = false;   // mkdir
  std::string salt;         // crypto.pbkdf2: the salt's bytes (`data` holds the password's)
  std::string digest;       // crypto.pbkdf2: sha1, sha224, sha256, sha384 or sha512
  int64_t iterations = 0;   // crypto.pbkdf2
  int64_t keylen = 0;       // crypto.pbkdf2: bytes of key
  uint32_t src = 0;         // interned "lesson.js:LINE:COL" of the call
  // net statements (TOML): what the socket calls carry.
  std::string host;         // net.listen, net.connect: the address, "127.0.0.1" (the parser refuses any other)
  int port = 0;             // net.listen: 0, an ephemeral port
  std::string target;       // socket.*: the `socket` variable; net.connect, server.close: the `server` variable
  std::string event;        // socket.on: data, end, close, error or drain
  int64_t repeat = 1;       // socket.write: `data` written this many times over, in one write
  std::string on_connection;  // net.listen: the callback for each accepted connection
  std::string accept_as;    // net.listen: the variable that holds the accepted socket while on_connection runs
  int32_t callback_index = -1;  // `callback`'s position in Scenario::callbacks, by link_callbacks(); -1 = not linked
};

// A teacher's note, shown when its event comes.
struct Note {
  std::string at_kind;  // an event kind name (DESIGN §4), or empty
  int64_t at_step = -1; // or a step number: step N is the N-th event (seq N - 1), core/scenario/notes.h
  std::string text;
  SourcePos pos;
  uint32_t at_line = 0;  // JS lessons: or when a step's source position is on this line of the lesson
};

struct SandboxFile {
  std::string path;     // relative, inside the sandbox
  std::string content;
};

struct SandboxLink {
  std::string path;     // the symlink, inside the sandbox
  std::string target;   // where it points (may point outside: opening through it is refused)
};

// Run limits: a scenario that never ends stops here with a clear message.
struct Limits {
  int64_t max_events = 1'000'000;
  int64_t max_run_ms = 60'000;
  int64_t max_bytes = int64_t{512} << 20;         // recorded text + request data held by the run
  int64_t max_sandbox_bytes = int64_t{64} << 20;  // bytes fs.write may write into the sandbox
  // JS lessons: how long the program may run JavaScript without calling loopstep (an
  // endless loop) before node is killed.
  int64_t max_js_busy_ms = 5'000;
};

// [files] and [symlinks] entries, and the folders their paths imply, in one sandbox.
inline constexpr size_t kMaxSandboxEntries = 10'000;
inline constexpr size_t kMaxSocketWrite = size_t{64} << 20;  // a TOML socket.write's bytes (`data` times `repeat`)

struct Scenario {
  std::string file;   // as given on the command line
  std::string title;
  std::string teaches;
  RunConfig config;
  std::string policy;  // Step mode's release policy for this lesson (lrr, lowest, random:SEED); empty = lrr
  std::vector<SandboxFile> files;
  std::vector<SandboxLink> symlinks;
  std::vector<Step> main;
  std::map<std::string, std::vector<Step>> callbacks;
  std::vector<Note> notes;
  Limits limits;
  // JS lessons (a .js file, DESIGN §11): the program is the file itself, run by real node
  // on this engine; `main` and `callbacks` stay empty. `source` is the file's text, and its
  // front matter (`/* loopstep` ... `*/`) spans lines first..last (0 = none).
  bool js = false;
  std::string source;
  uint32_t front_matter_first = 0, front_matter_last = 0;
};

struct ScenarioError {
  std::string file;
  uint32_t line = 0, column = 0;
  std::string message;
  std::string format() const;  // "file:line:column: message"
};

using ScenarioResult = std::variant<Scenario, ScenarioError>;

// Resolves each statement's callback to its position in `callbacks`, so that running it needs
// no lookup by name (a generated lesson has hundreds of thousands). The parser calls it; a
// Scenario built by hand runs correctly without it, by name.
void link_callbacks(Scenario& sc);

// Reads and validates; nothing is created on disk.
ScenarioResult parse_scenario_file(const std::string& path);
ScenarioResult parse_scenario_text(std::string_view text, const std::string& file_name);

}  // namespace loopstep
