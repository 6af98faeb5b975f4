// Names of scenario operations, sandbox path rules, and how a scenario error prints.
#include "core/scenario/scenario.h"

#include <array>
#include <cstdio>

namespace loopstep {
namespace {
constexpr std::array<std::string_view, kOpCount> kOpNames = {
    "fs.open", "fs.stat", "fs.fstat", "fs.read", "fs.write", "fs.close", "fs.unlink",
    "pool.work", "setTimeout", "setImmediate", "process.nextTick", "Promise.then", "console.log",
    "fs.lstat", "fs.mkdir", "fs.readdir", "fs.rename", "fs.rmdir", "crypto.pbkdf2",
    "net.listen", "net.connect", "socket.on", "socket.write", "socket.end", "socket.destroy", "server.close"};

constexpr size_t kMaxComponentBytes = 255;  // NAME_MAX on Linux
constexpr size_t kMaxPathBytes = 1024;      // well under PATH_MAX once joined to the sandbox
constexpr size_t kMaxQuotedBytes = 80;      // keeps a one-line error one line
}  // namespace

std::string_view op_name(Op op) { return kOpNames[static_cast<size_t>(op)]; }

bool op_from_name(std::string_view s, Op* out) {
  for (size_t i = 0; i < kOpCount; ++i)
    if (kOpNames[i] == s && (i <= static_cast<size_t>(Op::console_log) || op_is_net(static_cast<Op>(i)))) {
      *out = static_cast<Op>(i);
      return true;
    }
  return false;
}

bool op_is_fs(Op op) { return op <= Op::fs_unlink || (op > Op::console_log && op <= Op::fs_rmdir); }

bool op_is_work(Op op) { return op == Op::pool_work || op == Op::crypto_pbkdf2; }

bool op_is_net(Op op) { return op >= Op::net_listen; }

int64_t pbkdf2_hmac_ns(std::string_view digest) {
  if (digest == "sha384" || digest == "sha512") return 300;
  if (digest == "sha224" || digest == "sha256") return 200;
  return 150;  // sha1
}

bool op_uses_fd(Op op) {
  return op == Op::fs_fstat || op == Op::fs_read || op == Op::fs_write || op == Op::fs_close;
}

bool op_uses_path(Op op) {
  return op == Op::fs_open || op == Op::fs_stat || op == Op::fs_unlink || (op > Op::console_log && op <= Op::fs_rmdir);
}

std::vector<std::string_view> split_placeholders(std::string_view arg) {
  std::vector<std::string_view> pieces;
  size_t literal_start = 0, open = 0;
  while ((open = arg.find('{', open)) != std::string_view::npos) {
    size_t close = arg.find_first_of("{}", open + 1);
    if (close == std::string_view::npos) break;
    if (arg[close] == '{') { open = close; continue; }  // "{a {err}": the inner one counts
    if (open > literal_start) pieces.push_back(arg.substr(literal_start, open - literal_start));
    pieces.push_back(arg.substr(open, close + 1 - open));
    literal_start = open = close + 1;
  }
  if (literal_start < arg.size()) pieces.push_back(arg.substr(literal_start));
  return pieces;
}

std::string quote(std::string_view text) {
  std::string out = "'";
  for (size_t i = 0; i < text.size(); ++i) {
    if (i == kMaxQuotedBytes) {
      // Cut before the character the limit splits: stderr stays valid UTF-8.
      if ((static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) {
        while ((static_cast<unsigned char>(out.back()) & 0xC0) == 0x80) out.pop_back();
        if (static_cast<unsigned char>(out.back()) >= 0xC0) out.pop_back();
      }
      out += "...";
      break;
    }
    auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x20 || c == 0x7f) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", c);
      out += buf;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out + "'";
}

std::string sandbox_path_problem(std::string_view path) {
  const std::string q = "path " + quote(path);
  if (path.empty()) return "path is empty; name a file inside the sandbox, e.g. \"1.txt\"";
  if (path.find('\0') != std::string_view::npos) return q + " contains a NUL byte";
  if (path.front() == '/')
    return q + " escapes the sandbox: it is absolute; write it relative to the sandbox";
  if (path.size() > kMaxPathBytes)
    return q + " is " + std::to_string(path.size()) + " bytes; the limit is 1024";
  size_t start = 0;
  while (start <= path.size()) {
    size_t end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    std::string_view part = path.substr(start, end - start);
    if (part == "..") return q + " escapes the sandbox: it has a '..' component";
    // One spelling per file, so "./a" and "a" cannot be two entries of [files].
    if (part == ".") return q + " has a '.' component (write 'a/b', not './a/b')";
    if (part.empty()) return q + " has an empty component (write 'a/b', not 'a//b' or 'a/')";
    if (part.size() > kMaxComponentBytes)
      return q + " has a component of " + std::to_string(part.size()) + " bytes; the limit is 255";
    start = end + 1;
  }
  return "";
}

void link_callbacks(Scenario& sc) {
  std::map<std::string_view, int32_t> position;
  int32_t i = 0;
  for (const auto& entry : sc.callbacks) position.emplace(entry.first, i++);
  auto link = [&](std::vector<Step>& body) {
    for (Step& s : body) {
      auto it = s.callback.empty() ? position.end() : position.find(s.callback);
      s.callback_index = it == position.end() ? -1 : it->second;
    }
  };
  link(sc.main);
  for (auto& entry : sc.callbacks) link(entry.second);
}

std::string ScenarioError::format() const {
  return file + ":" + std::to_string(line) + ":" + std::to_string(column) + ": " + message;
}

}  // namespace loopstep
