// The Source panel's JavaScript colours: comments, strings and template literals that hide
// each other's delimiters, escapes, tokens that continue on the next line.
#include <doctest/doctest.h>

#include <string>

#include "ui/js_highlight.h"

using namespace loopstep::ui;

namespace {

// One letter a byte: p plain, c comment, s string, k keyword, n number.
std::string colours(std::string_view line, JsCarry carry = JsCarry::none, JsCarry* next = nullptr) {
  std::vector<JsSpan> spans;
  const JsCarry after = highlight_js_line(line, carry, spans);
  if (next) *next = after;
  std::string out;
  for (const JsSpan& s : spans) {
    REQUIRE(s.begin == out.size());  // the spans cover the line end to end, in order
    out.append(s.end - s.begin, "pcskn"[int(s.token)]);
  }
  REQUIRE(out.size() == line.size());
  return out;
}

}  // namespace

TEST_CASE("js highlight: keywords, names, numbers and punctuation") {
  CHECK(colours("const x = 42;") == "kkkkkpppppnnp");
  CHECK(colours("function onOpen(err) { return 0x1f; }") == "kkkkkkkk" "ppppppppppppppp" "kkkkkk" "p" "nnnn" "ppp");
  CHECK(colours("constant") == "pppppppp");  // a keyword inside a longer name is a name
  CHECK(colours("x2 = .5") == "pppppnn");
}

TEST_CASE("js highlight: a // inside a string is not a comment, a quote inside a comment is not a string") {
  CHECK(colours("open('http://x', f) // 'r'") == "ppppp" "ssssssssss" "ppppp" "cccccc");
  CHECK(colours("\"a\" /* 'b' */ c") == "sssp" "ccccccccc" "pp");
}

TEST_CASE("js highlight: an escaped quote stays inside its string") {
  CHECK(colours(R"(log('it\'s', "a\"b"))") == "pppp" "sssssss" "pp" "ssssss" "p");
  CHECK(colours(R"('back\\' + x)") == "ssssssss" "pppp");  // an escaped backslash does not escape the quote
}

TEST_CASE("js highlight: an unterminated string ends with its line, and the next line is code again") {
  JsCarry next = JsCarry::block_comment;
  CHECK(colours("log('oops", JsCarry::none, &next) == "pppp" "sssss");
  CHECK(next == JsCarry::none);
  CHECK(colours("let y", next) == "kkkpp");
}

TEST_CASE("js highlight: a block comment spans lines") {
  JsCarry next = JsCarry::none;
  CHECK(colours("x /* loopstep", JsCarry::none, &next) == "pp" "ccccccccccc");
  CHECK(next == JsCarry::block_comment);
  CHECK(colours("backend = 'iocp'", next, &next) == std::string(16, 'c'));
  CHECK(next == JsCarry::block_comment);
  CHECK(colours("*/ let", next, &next) == "cc" "p" "kkk");
  CHECK(next == JsCarry::none);
  CHECK(colours("/*/ still open", JsCarry::none, &next) == std::string(14, 'c'));  // "/*/" does not close
  CHECK(next == JsCarry::block_comment);
}

TEST_CASE("js highlight: a template literal spans lines and hides /* and // inside it") {
  JsCarry next = JsCarry::none;
  CHECK(colours("s = `a /* b", JsCarry::none, &next) == "pppp" "sssssss");
  CHECK(next == JsCarry::template_literal);
  CHECK(colours("// c \\` d` + 1", next, &next) == "ssssssssss" "ppp" "n");
  CHECK(next == JsCarry::none);
}
