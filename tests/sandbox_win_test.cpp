// The Windows sandbox (core/win/sandbox_win.cpp) on real Win32 calls, run under Wine: files in a
// per-run folder; `..`, absolute, drive-relative, stream and device paths refused before any
// call; a reparse point that leads out refused, with a canary folder outside left untouched.
#include <doctest/doctest.h>

#include <cerrno>
#include <filesystem>
#include <fstream>

#include <windows.h>

#include "core/sandbox/sandbox.h"

using namespace loopstep;
namespace fs = std::filesystem;

TEST_CASE("sandbox (Win32): real files inside, the folder removed afterwards") {
  fs::path root;
  {
    Sandbox sb({{"1.txt", "hello\n"}, {"sub/2.txt", "two"}}, {});
    root = fs::u8path(sb.root());
    CHECK(fs::exists(root / "1.txt"));
    int64_t h = sb.open("1.txt", Sandbox::open_flags("r"), 0);
    REQUIRE(h > 0);
    std::string data;
    CHECK(sb.read(h, &data, 64, 0) == 6);
    CHECK(data == "hello\n");
    CHECK(sb.read(h, &data, 64, 6) == 0);  // at the end
    struct stat st{};
    CHECK(sb.fstat(h, &st) == 0);
    CHECK(st.st_size == 6);
    CHECK(sb.close(h) == 0);
    CHECK(sb.close(h) == -EBADF);  // a double close never reaches CloseHandle
    CHECK(sb.stat("sub/2.txt", &st) == 0);
    CHECK(st.st_size == 3);
    CHECK(sb.stat("nope.txt", &st) == -ENOENT);
    CHECK(sb.open("nope.txt", Sandbox::open_flags("r"), 0) == -ENOENT);
    int64_t w = sb.open("new.txt", Sandbox::open_flags("w"), 0644);
    REQUIRE(w > 0);
    CHECK(sb.write(w, "abc", -1) == 3);
    CHECK(sb.close(w) == 0);
    CHECK(fs::file_size(root / "new.txt") == 3);
    CHECK(sb.open("new.txt", Sandbox::open_flags("wx"), 0644) == -EEXIST);
    CHECK(sb.unlink("new.txt") == 0);
    CHECK(!fs::exists(root / "new.txt"));
    CHECK(sb.unlink("sub") == -EISDIR);
  }
  CHECK(!fs::exists(root));
}

TEST_CASE("sandbox (Win32): paths that leave the folder are refused before any call") {
  Sandbox sb({{"1.txt", "x"}}, {});
  struct stat st{};
  for (const char* p : {"../1.txt", "sub/../../1.txt", "..\\1.txt", "/Windows/win.ini", "\\Windows\\win.ini",
                        "C:/Windows/win.ini", "C:win.ini", "c:\\x"}) {
    CAPTURE(p);
    CHECK(sb.open(p, Sandbox::open_flags("r"), 0) == -EXDEV);
    CHECK(sb.stat(p, &st) == -EXDEV);
    CHECK(sb.unlink(p) == -EXDEV);
  }
  for (const char* p : {"NUL", "con.txt", "sub/COM1", "1.txt:stream", "1.txt.", "1.txt "}) {
    CAPTURE(p);
    CHECK(sb.open(p, Sandbox::open_flags("w"), 0644) == -EINVAL);
  }
}

TEST_CASE("sandbox (Win32): a reparse point that leads out is refused, one that stays in is followed") {
  fs::path canary = fs::temp_directory_path() / ("loopstep-canary-" + std::to_string(GetCurrentProcessId()));
  fs::create_directories(canary);
  std::ofstream(canary / "secret.txt") << "do not touch\n";
  std::unique_ptr<Sandbox> sb;
  try {
    sb = std::make_unique<Sandbox>(std::vector<SandboxFile>{{"in.txt", "inside"}},
                                   std::vector<SandboxLink>{{"out", canary.string()}, {"file", (canary / "secret.txt").string()},
                                                            {"in", "in.txt"}});
  } catch (const std::exception& e) {
    // Wine 8: CreateSymbolicLinkW is a stub. (Wine does report a Unix symlink as a reparse
    // point in GetFileAttributesW, which is what the sandbox checks.)
    MESSAGE("cannot create symbolic links here (" << std::string(e.what()) << "): the reparse-point test is skipped");
    fs::remove_all(canary);
    return;
  }
  struct stat st{};
  CHECK(sb->open("out/secret.txt", Sandbox::open_flags("r"), 0) == -EXDEV);
  CHECK(sb->open("out/new.txt", Sandbox::open_flags("w"), 0644) == -EXDEV);
  CHECK(sb->open("file", Sandbox::open_flags("w"), 0644) == -EXDEV);
  CHECK(sb->stat("out/secret.txt", &st) == -EXDEV);
  CHECK(sb->unlink("out/secret.txt") == -EXDEV);
  int64_t h = sb->open("in", Sandbox::open_flags("r"), 0);
  CHECK(h > 0);
  if (h > 0) sb->close(h);
  sb.reset();
  CHECK(fs::exists(canary / "secret.txt"));
  CHECK(!fs::exists(canary / "new.txt"));
  {
    std::ifstream in(canary / "secret.txt");  // closed before the removal: Windows refuses to delete an open file
    std::string s((std::istreambuf_iterator<char>(in)), {});
    CHECK(s == "do not touch\n");
  }
  fs::remove_all(canary);
}
