// export_js: each scenario statement written as the Node call that does the same. Callbacks
// get what Node passes them; only values Node hands over as objects are reduced to what the
// engine shows (a Stats to its size, the read buffer to the text read).
#include "core/scenario/export_js.h"

#include <algorithm>
#include <cstdio>

namespace loopstep {
namespace {

// pool.work's `work_ms` becomes as many pbkdf2-sha256 iterations as node takes that long
// for (pbkdf2_hmac_ns). Approximate by design.
const int64_t kPbkdf2IterationsPerMs = 1'000'000 / pbkdf2_hmac_ns("sha256");

// Escapes for a JS string or template literal: quotes, backslashes, control
// characters and U+2028/U+2029, so every literal stays on one line.
std::string escaped(std::string_view s, char quote_char) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c == '\\' || c == static_cast<unsigned char>(quote_char)) {
      out += '\\';
      out += static_cast<char>(c);
    } else if (quote_char == '`' && c == '$' && i + 1 < s.size() && s[i + 1] == '{') {
      out += "\\$";
    } else if (c == '\n') {
      out += "\\n";
    } else if (c < 0x20 || c == 0x7f) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", c);
      out += buf;
    } else if (c == 0xe2 && i + 2 < s.size() && s[i + 1] == '\x80' && (s[i + 2] == '\xa8' || s[i + 2] == '\xa9')) {
      out += s[i + 2] == '\xa8' ? "\\u2028" : "\\u2029";
      i += 2;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

std::string js_string(std::string_view s) { return "'" + escaped(s, '\'') + "'"; }

bool is_placeholder(std::string_view piece) {
  return piece.size() >= 2 && piece.front() == '{' && piece.back() == '}';
}

// What the engine prints for each placeholder: the errno name, or err as it is (null, or
// undefined where Node passes nothing); the result and the data as they are.
std::string placeholder_value(std::string_view piece) {
  if (piece == "{err}") return "(err ? err.code : err)";
  return std::string(piece.substr(1, piece.size() - 2));
}

// A console.log arg: a lone placeholder is its value, so Node prints a number as a
// number; text with placeholders becomes a template literal.
std::string log_arg(std::string_view arg) {
  std::vector<std::string_view> pieces = split_placeholders(arg);
  if (pieces.size() == 1 && is_placeholder(pieces[0])) return placeholder_value(pieces[0]);
  bool any = false;
  std::string tpl = "`";
  for (std::string_view p : pieces) {
    if (is_placeholder(p)) { tpl += "${" + placeholder_value(p) + "}"; any = true; }
    else tpl += escaped(p, '`');
  }
  return any ? tpl + "`" : js_string(arg);
}

std::string position_arg(int64_t position) { return position < 0 ? "null" : std::to_string(position); }

std::string octal(int mode) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "0o%o", mode);
  return buf;
}

// Node calls an fs callback with (err), (err, value) or, for read and write, (err, bytes,
// buffer); the wrappers reduce a Stats to its size and the buffer read to its text.
std::string fs_call(const Step& s) {
  const std::string& cb = s.callback;
  switch (s.op) {
    case Op::fs_open: {
      std::string head = "fs.open(" + js_string(s.path) + ", " + js_string(s.flags) + ", " + octal(s.mode) + ", ";
      if (s.save_as.empty()) return head + cb + ");";
      return head + "(err, result) => { " + s.save_as + " = result; " + cb + "(err, result); });";
    }
    case Op::fs_stat:
      return "fs.stat(" + js_string(s.path) + ", (err, result) => " + cb + "(err, result ? result.size : undefined));";
    case Op::fs_fstat:
      return "fs.fstat(" + s.fd + ", (err, result) => " + cb + "(err, result ? result.size : undefined));";
    case Op::fs_read: {
      std::string n = std::to_string(s.length);
      return "fs.read(" + s.fd + ", Buffer.alloc(" + n + "), 0, " + n + ", " + position_arg(s.position) +
             ", (err, result, data) => " + cb + "(err, result, data.toString('utf8', 0, result)));";
    }
    case Op::fs_write:
      return "fs.write(" + s.fd + ", " + js_string(s.data) + ", " + position_arg(s.position) + ", " + cb + ");";
    case Op::fs_close: return "fs.close(" + s.fd + ", " + cb + ");";
    default: return "fs.unlink(" + js_string(s.path) + ", " + cb + ");";
  }
}

// A net statement as node's net call; a server keeps its port (`port`) for the connects that
// name it, also once it closed. socket.on's listeners get what the engine's callbacks get: an
// error (its code printed by {err}), or the bytes read and their text.
std::string net_call(const Step& s) {
  const std::string cb = s.callback.empty() ? "" : ", " + s.callback;
  switch (s.op) {
    case Op::net_listen: {
      std::string on = s.on_connection.empty() ? "" : "(socket) => { " + (s.accept_as.empty() ? "" : s.accept_as + " = socket; ") +
                                                         s.on_connection + "(); }";
      // The port is known once it listens (node looks the address up first).
      return s.save_as + " = net.createServer(" + on + "); " + s.save_as + ".listen(0, " + js_string(s.host) + ", () => { " +
             s.save_as + ".port = " + s.save_as + ".address().port;" + (s.callback.empty() ? "" : " " + s.callback + "();") + " });";
    }
    case Op::net_connect: return s.save_as + " = net.connect(" + s.target + ".port, " + js_string(s.host) + cb + ");";
    case Op::socket_on: {
      const std::string head = s.target + ".on(" + js_string(s.event) + ", ";
      if (s.event == "data") return head + "(data) => " + s.callback + "(undefined, data.length, data.toString()));";
      if (s.event == "error") return head + "(err) => " + s.callback + "(err));";
      return head + "() => " + s.callback + "());";
    }
    case Op::socket_write:
      return s.target + ".write(" + log_arg(s.data) + (s.repeat > 1 ? ".repeat(" + std::to_string(s.repeat) + ")" : "") + cb + ");";
    case Op::socket_end: return s.target + ".end();";
    case Op::socket_destroy: return s.target + ".destroy();";
    default: return s.target + ".close(" + s.callback + ");";  // server.close
  }
}

void write_statement(std::string& out, const Step& s, const std::string& indent) {
  if (s.latency_ms > 0)
    out += indent + "// latency_ms = " + std::to_string(s.latency_ms) +
           ": the engine injects it before the syscall; Node has no equivalent, so none here.\n";
  if (!s.expect_error.empty()) out += indent + "// Expected to fail with " + s.expect_error + ".\n";
  const std::string& cb = s.callback;
  std::string line;
  switch (s.op) {
    case Op::pool_work:
      out += indent + "// pool.work, work_ms = " + std::to_string(s.work_ms) +
             ": CPU work on a pool thread, as pbkdf2 iterations (the duration is approximate).\n";
      line = "crypto.pbkdf2('loopstep', 'salt', " + std::to_string(s.work_ms * kPbkdf2IterationsPerMs) +
             ", 32, 'sha256', (err) => " + cb + "(err));";
      break;
    case Op::set_timeout: line = "setTimeout(" + cb + ", " + std::to_string(s.delay_ms) + ");"; break;
    case Op::set_immediate: line = "setImmediate(" + cb + ");"; break;
    case Op::next_tick: line = "process.nextTick(" + cb + ");"; break;
    case Op::promise_then: line = "Promise.resolve().then(" + cb + ");"; break;
    case Op::console_log: {
      line = "console.log(";
      for (size_t i = 0; i < s.args.size(); ++i) line += (i ? ", " : "") + log_arg(s.args[i]);
      line += ");";
      break;
    }
    default: line = op_is_net(s.op) ? net_call(s) : fs_call(s);
  }
  out += indent + line + "\n";
}

// Text as `// ` comment lines. A control character or U+2028/U+2029 inside would end
// the comment early, so they become spaces.
void write_comment(std::string& out, std::string_view text) {
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = std::min(text.find('\n', start), text.size());
    std::string line;
    for (char c : text.substr(start, end - start))
      line += (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) ? ' ' : c;
    for (std::string_view separator : {"\xe2\x80\xa8", "\xe2\x80\xa9"})
      for (size_t at; (at = line.find(separator)) != std::string::npos;) line.replace(at, separator.size(), " ");
    out += line.empty() ? "//\n" : "// " + line + "\n";
    start = end + 1;
  }
}

// A target Node would follow out of the folder: absolute, or climbing with '..' (a chain of
// links each climbing a little can leave the folder, so any '..' counts, not just the sum).
bool leads_out(std::string_view target) {
  if (target.empty() || target.front() == '/') return true;
  for (size_t start = 0; start <= target.size();) {
    size_t end = std::min(target.find('/', start), target.size());
    if (target.substr(start, end - start) == "..") return true;
    start = end + 1;
  }
  return false;
}

void write_sandbox(std::string& out, const Scenario& sc) {
  out += "// The sandbox: a fresh, empty temporary folder this program creates and enters before any\n"
         "// file operation; it is removed on exit. Nothing outside it is named or touched.\n"
         "const sandbox = fs.mkdtempSync(path.join(os.tmpdir(), 'loopstep-'));\n"
         "process.on('exit', () => {\n"
         "  process.chdir(os.tmpdir());\n"
         "  fs.rmSync(sandbox, { recursive: true, force: true });\n"
         "});\n"
         "process.chdir(sandbox);  // scenario paths are relative to the sandbox\n"
         "if (fs.readdirSync('.').length !== 0) throw new Error('loopstep: the new sandbox folder is not empty');\n";
  auto folder_for = [&](const std::string& p) {
    if (size_t slash = p.rfind('/'); slash != std::string::npos)
      out += "fs.mkdirSync(path.join(sandbox, " + js_string(p.substr(0, slash)) + "), { recursive: true });\n";
  };
  for (const SandboxFile& f : sc.files) {
    folder_for(f.path);
    out += "fs.writeFileSync(path.join(sandbox, " + js_string(f.path) + "), " + js_string(f.content) + ");\n";
  }
  for (const SandboxLink& l : sc.symlinks) {
    if (leads_out(l.target)) {
      write_comment(out, "[symlinks] " + l.path + " is not created: its target is absolute or climbs with '..', and Node "
                         "would follow it out of this folder. loopstep refuses to leave its sandbox there (EXDEV); "
                         "here the link is missing (ENOENT).");
      continue;
    }
    folder_for(l.path);
    out += "fs.symlinkSync(" + js_string(l.target) + ", path.join(sandbox, " + js_string(l.path) + "));\n";
  }
}

}  // namespace

std::string export_js(const Scenario& sc) {
  std::string out = "'use strict';\n";
  write_comment(out, "This program performs real file operations (open, write, unlink ...) in a new temporary "
                     "folder that it creates and enters first, and removes on exit.");
  // The file's name only: an absolute path of the author's machine has no place in the program.
  const std::string file = sc.file.substr(sc.file.rfind('/') + 1);
  write_comment(out, sc.title + "\nExported by loopstep from " + file + "; run it with Node 20.\n\nTeaches: " + sc.teaches);
  out += "//\n// The scenario models backend " + std::string(backend_name(sc.config.backend)) + ", workers " +
         std::string(worker_model_name(sc.config.workers)) +
         ". Node uses its platform's backend (epoll on Linux, IOCP on Windows) and libuv's pool.\n";
  out += "const fs = require('fs');\nconst os = require('os');\nconst path = require('path');\nconst crypto = require('crypto');\n\n";
  auto uses_net = [](const std::vector<Step>& body) { return std::any_of(body.begin(), body.end(), [](const Step& s) { return op_is_net(s.op); }); };
  bool net = uses_net(sc.main);
  for (const auto& [name, body] : sc.callbacks) net = net || uses_net(body);
  if (net) out += "const net = require('net');  // servers and sockets on 127.0.0.1, ephemeral ports\n\n";
  if (sc.config.workers == WorkerModel::pool)
    out += "// libuv reads this when the pool first starts, which is after this line.\nprocess.env.UV_THREADPOOL_SIZE = '" +
           std::to_string(sc.config.pool_size) + "';\n\n";
  else
    out += "// workers = per-request (a thread per request) has no Node equivalent: Node uses libuv's pool.\n\n";
  write_sandbox(out, sc);

  std::vector<std::string> variables;
  auto declare = [&](const Step& s) {
    for (const std::string& v : {s.save_as, s.accept_as})
      if (!v.empty() && std::find(variables.begin(), variables.end(), v) == variables.end()) variables.push_back(v);
  };
  for (const Step& s : sc.main) declare(s);
  for (const auto& [name, body] : sc.callbacks)
    for (const Step& s : body) declare(s);
  if (!variables.empty()) {
    out += "\n// File descriptors saved by fs.open, servers and sockets (save_as, accept_as), set before their callbacks run.\n";
    for (const std::string& v : variables) out += "let " + v + ";\n";
  }

  out += "\n// The main script.\n";
  for (const Step& s : sc.main) write_statement(out, s, "");
  for (const auto& [name, body] : sc.callbacks) {
    out += "\nfunction " + name + "(err, result, data) {\n";
    for (const Step& s : body) write_statement(out, s, "  ");
    out += "}\n";
  }
  return out;
}

}  // namespace loopstep
