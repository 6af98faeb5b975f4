// The handout's step list, page and files (see handout.h).
#include "core/story/handout.h"

#include <algorithm>
#include <charconv>
#include <filesystem>
#include <fstream>
#include <random>

#include "core/node/base64.h"

namespace loopstep {

namespace fs = std::filesystem;

std::variant<std::vector<size_t>, std::string> parse_step_list(std::string_view text) {
  std::vector<size_t> steps;
  const std::string quoted = "--steps: '" + std::string(text) + "': ";
  if (text.empty()) return quoted + "no steps; expected step numbers separated by commas, e.g. 3,12,26";
  size_t start = 0;
  for (;;) {
    const size_t comma = std::min(text.find(',', start), text.size());
    const std::string_view item = text.substr(start, comma - start);
    if (item.empty()) return quoted + "an empty step between commas";
    size_t n = 0;
    const auto [end, ec] = std::from_chars(item.data(), item.data() + item.size(), n);
    if (ec != std::errc() || end != item.data() + item.size())
      return quoted + "'" + std::string(item) + "' is not a step number (0, 1, 2 ...)";
    if (std::find(steps.begin(), steps.end(), n) != steps.end()) return quoted + "step " + std::to_string(n) + " is listed twice";
    steps.push_back(n);
    if (comma == text.size()) return steps;
    start = comma + 1;
  }
}

std::string handout_picture_name(size_t step) { return "step-" + std::to_string(step) + ".png"; }

namespace {

std::string escaped(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

void paragraph(std::string& html, const char* cls, std::string_view text) {
  if (!text.empty()) html += "<p class=\"" + std::string(cls) + "\">" + escaped(text) + "</p>\n";
}

// Readable on screen and on paper: one step a page when printed.
constexpr const char* kStyle = R"(body{font-family:sans-serif;max-width:60em;margin:2em auto;padding:0 1em;color:#111;line-height:1.4}
h1{margin-bottom:.2em}.run,.file{color:#555;margin:.2em 0}
section{margin-top:2.5em;border-top:1px solid #ccc;padding-top:1em;break-inside:avoid;page-break-before:always}
section img{width:100%;height:auto;border:1px solid #999}
.what{font-weight:bold}.at,.request{font-family:monospace;color:#333}
.note{background:#fff6d5;border-left:4px solid #e0b000;padding:.5em .8em}
.command{font-family:monospace;font-size:.9em;color:#555}
)";

}  // namespace

std::string handout_html(const RunInfo& info, std::string_view lesson_file, const std::vector<HandoutStep>& steps) {
  const std::string title = info.title.empty() ? std::string(lesson_file) : info.title;
  std::string html = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>" + escaped(title) +
                     ": handout</title>\n<style>\n" + kStyle + "</style>\n</head>\n<body>\n";
  html += "<h1>" + escaped(title) + "</h1>\n";
  paragraph(html, "teaches", info.teaches);
  paragraph(html, "run", run_words(info));
  paragraph(html, "file", "Lesson: " + std::string(lesson_file));
  for (const HandoutStep& s : steps) {
    const StepStory& st = s.story;
    html += "<section id=\"step-" + std::to_string(st.step) + "\">\n<h2>" + escaped(st.heading) + "</h2>\n";
    html += "<img src=\"data:image/png;base64," + base64_encode(s.png) + "\" alt=\"" + escaped(st.heading + ": " + st.what) + "\">\n";
    // A sentence on paper: the trace's text starts in lower case ("the loop enters ...").
    std::string what = st.what;
    if (!what.empty() && what[0] >= 'a' && what[0] <= 'z') what[0] = char(what[0] - 'a' + 'A');
    paragraph(html, "what", what);
    paragraph(html, "at", st.call_site);
    if (!st.request.empty()) paragraph(html, "request", "[" + st.request + "]");
    paragraph(html, "why", st.why);
    for (const std::string& note : st.notes)
      html += "<div class=\"note\"><strong>Teacher's note.</strong> " + escaped(note) + "</div>\n";
    paragraph(html, "command", "Open this moment: " + s.command);
    html += "</section>\n";
  }
  return html + "</body>\n</html>\n";
}

namespace {

// A fresh folder inside `dir` that no other handout uses; empty path on failure (in ec).
fs::path make_staging(const fs::path& dir, std::error_code& ec) {
  std::random_device rd;
  for (int attempt = 0; attempt < 16; ++attempt) {
    const fs::path p = dir / (".handout-" + std::to_string(rd()));
    if (fs::create_directory(p, ec)) return p;
    if (ec) return {};
  }
  ec = std::make_error_code(std::errc::file_exists);
  return {};
}

bool write_file(const fs::path& p, const std::string& bytes) {
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), std::streamsize(bytes.size()));
  out.close();
  return !out.fail();
}

}  // namespace

std::string write_all_or_nothing(const std::string& dir, const std::vector<std::pair<std::string, std::string>>& files) {
  const std::string failed = "cannot write the handout to '" + dir + "': ";
  std::error_code ec;
  const bool existed = fs::is_directory(dir, ec);
  if (!existed && (fs::create_directories(dir, ec), ec)) return failed + ec.message();
  // What this call made goes again when it fails: the staging folder, and `dir` if it was new.
  auto undo = [&](const fs::path& staging) {
    std::error_code ignored;
    if (!staging.empty()) fs::remove_all(staging, ignored);
    if (!existed) fs::remove_all(dir, ignored);
  };
  const fs::path staging = make_staging(dir, ec);
  if (staging.empty()) {
    undo(staging);
    return failed + ec.message();
  }
  for (const auto& [name, bytes] : files) {
    if (!write_file(staging / name, bytes)) {
      undo(staging);
      return failed + "writing " + name + " failed";
    }
  }
  // A folder where a file goes would stop its rename half-way through the set: refused first.
  for (const auto& [name, bytes] : files) {
    if (fs::is_directory(fs::path(dir) / name, ec)) {
      undo(staging);
      return failed + "renaming " + name + " into place: " + std::make_error_code(std::errc::is_a_directory).message();
    }
  }
  for (size_t i = 0; i < files.size(); ++i) {
    fs::rename(staging / files[i].first, fs::path(dir) / files[i].first, ec);
    if (ec) {  // the system failed under us: take back what is in place already
      std::error_code ignored;
      for (size_t j = 0; j < i; ++j) fs::remove(fs::path(dir) / files[j].first, ignored);
      undo(staging);
      return failed + "renaming " + files[i].first + " into place: " + ec.message();
    }
  }
  fs::remove(staging, ec);
  return "";
}

}  // namespace loopstep
