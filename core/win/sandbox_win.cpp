// Sandbox for the native Windows build: the class of core/sandbox/sandbox.h on real Win32 calls
// (CreateFileW, GetFileInformationByHandle, ReadFile, WriteFile, CloseHandle, DeleteFileW)
// in a fresh folder under the temp folder. Windows has no openat2(RESOLVE_BENEATH), so the
// confinement is done here: `..`, absolute, drive-relative and device paths are refused
// before any call, and a reparse point (symlink, junction) met on the way is followed only
// when its final path is still inside the sandbox. Refusals give EXDEV, as the kernel's
// RESOLVE_BENEATH does on Linux.
#include "core/sandbox/sandbox.h"

#include "core/win/win32.h"

#include <fcntl.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cwctype>
#include <stdexcept>

namespace loopstep {
namespace {

std::wstring widen(const std::string& s) {
  if (s.empty()) return {};
  int n = ::MultiByteToWideChar(CP_UTF8, 0, s.data(), static_cast<int>(s.size()), nullptr, 0);
  std::wstring w(static_cast<size_t>(n), L'\0');
  ::MultiByteToWideChar(CP_UTF8, 0, s.data(), static_cast<int>(s.size()), w.data(), n);
  return w;
}

std::string narrow(const std::wstring& w) {
  if (w.empty()) return {};
  int n = ::WideCharToMultiByte(CP_UTF8, 0, w.data(), static_cast<int>(w.size()), nullptr, 0, nullptr, nullptr);
  std::string s(static_cast<size_t>(n), '\0');
  ::WideCharToMultiByte(CP_UTF8, 0, w.data(), static_cast<int>(w.size()), s.data(), n, nullptr, nullptr);
  return s;
}

// Win32 error -> -errno, as libuv's uv_translate_sys_error maps the ones file calls return.
int64_t from_win32(DWORD err) {
  switch (err) {
    case ERROR_FILE_NOT_FOUND: case ERROR_PATH_NOT_FOUND: case ERROR_INVALID_NAME:
    case ERROR_INVALID_DRIVE: case ERROR_BAD_PATHNAME: case ERROR_MOD_NOT_FOUND: return -ENOENT;
    case ERROR_ACCESS_DENIED: case ERROR_PRIVILEGE_NOT_HELD: return -EPERM;
    case ERROR_NOACCESS: return -EACCES;
    case ERROR_SHARING_VIOLATION: case ERROR_LOCK_VIOLATION: return -EBUSY;
    case ERROR_FILE_EXISTS: case ERROR_ALREADY_EXISTS: return -EEXIST;
    case ERROR_INVALID_HANDLE: return -EBADF;
    case ERROR_TOO_MANY_OPEN_FILES: return -EMFILE;
    case ERROR_DISK_FULL: case ERROR_HANDLE_DISK_FULL: return -ENOSPC;
    case ERROR_NOT_SAME_DEVICE: return -EXDEV;
    case ERROR_DIR_NOT_EMPTY: return -ENOTEMPTY;
    case ERROR_DIRECTORY: return -ENOTDIR;
    case ERROR_FILENAME_EXCED_RANGE: return -ENAMETOOLONG;
    case ERROR_INVALID_PARAMETER: return -EINVAL;
    case ERROR_CANT_RESOLVE_FILENAME: return -ELOOP;
    case ERROR_NOT_ENOUGH_MEMORY: case ERROR_OUTOFMEMORY: return -ENOMEM;
    default: return -EIO;
  }
}

int64_t last_error() { return from_win32(::GetLastError()); }

// resolve()'s third argument (its Linux twin takes open(2)'s mode there).
uint64_t create_how(DWORD disposition, DWORD attrs) { return (uint64_t{disposition} << 32) | attrs; }

constexpr DWORD kShareAll = FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE;

HANDLE as_handle(int64_t fd) { return reinterpret_cast<HANDLE>(static_cast<intptr_t>(fd)); }

// CON, NUL, COM1 ... name a device wherever they appear, with any extension.
bool is_device_name(const std::wstring& comp) {
  std::wstring base = comp.substr(0, comp.find(L'.'));
  while (!base.empty() && base.back() == L' ') base.pop_back();
  for (auto& c : base) c = static_cast<wchar_t>(std::towupper(c));
  if (base == L"CON" || base == L"PRN" || base == L"AUX" || base == L"NUL" || base == L"CONIN$" || base == L"CONOUT$") return true;
  return base.size() == 4 && (base.starts_with(L"COM") || base.starts_with(L"LPT")) && base[3] >= L'0' && base[3] <= L'9';
}

// The folder's path as the file system resolves it (links followed): what "inside" means.
std::wstring final_path(HANDLE h) {
  wchar_t buf[1024];
  DWORD n = ::GetFinalPathNameByHandleW(h, buf, 1024, FILE_NAME_NORMALIZED | VOLUME_NAME_DOS);
  if (n == 0 || n >= 1024) return {};
  return std::wstring(buf, n);
}

std::wstring final_path_of(const std::wstring& path) {
  HANDLE h = ::CreateFileW(path.c_str(), FILE_READ_ATTRIBUTES, kShareAll, nullptr, OPEN_EXISTING, FILE_FLAG_BACKUP_SEMANTICS, nullptr);
  if (h == INVALID_HANDLE_VALUE) return {};
  std::wstring p = final_path(h);
  ::CloseHandle(h);
  return p;
}

bool beneath(const std::wstring& path, const std::wstring& root) {
  if (root.empty() || path.size() < root.size()) return false;
  if (::CompareStringOrdinal(path.c_str(), static_cast<int>(root.size()), root.c_str(), static_cast<int>(root.size()), TRUE) != CSTR_EQUAL)
    return false;
  return path.size() == root.size() || path[root.size()] == L'\\';
}

void remove_tree(const std::wstring& dir) {
  WIN32_FIND_DATAW fd;
  HANDLE f = ::FindFirstFileW((dir + L"\\*").c_str(), &fd);
  if (f != INVALID_HANDLE_VALUE) {
    do {
      std::wstring name = fd.cFileName;
      if (name == L"." || name == L"..") continue;
      std::wstring p = dir + L"\\" + name;
      bool is_dir = fd.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY;
      // A reparse point is removed itself, never followed (nftw's FTW_PHYS on Linux).
      if (is_dir && !(fd.dwFileAttributes & FILE_ATTRIBUTE_REPARSE_POINT)) remove_tree(p);
      else if (is_dir) ::RemoveDirectoryW(p.c_str());
      else {
        ::SetFileAttributesW(p.c_str(), FILE_ATTRIBUTE_NORMAL);
        ::DeleteFileW(p.c_str());
      }
    } while (::FindNextFileW(f, &fd));
    ::FindClose(f);
  }
  ::RemoveDirectoryW(dir.c_str());
}

// Splits a scenario path into components beneath the root, or returns -errno: absolute
// ("/x", "\x", "\\server\share"), drive ("C:x", "C:\x"), `..`, streams ("a:b") and devices.
int64_t components(const std::string& path, std::vector<std::wstring>* out) {
  if (path.find('\0') != std::string::npos) return -EINVAL;
  if (path.empty()) return -ENOENT;
  std::wstring w = widen(path);
  if (w[0] == L'/' || w[0] == L'\\') return -EXDEV;
  if (w.size() >= 2 && w[1] == L':') return -EXDEV;
  if (w.find(L':') != std::wstring::npos) return -EINVAL;
  size_t start = 0;
  while (start <= w.size()) {
    size_t end = w.find_first_of(L"/\\", start);
    if (end == std::wstring::npos) end = w.size();
    std::wstring comp = w.substr(start, end - start);
    start = end + 1;
    if (comp.empty() || comp == L".") continue;
    if (comp == L"..") return -EXDEV;
    if (is_device_name(comp)) return -EINVAL;
    // Win32 drops trailing dots and spaces ("a." is "a"); refuse the ambiguity.
    if (comp.back() == L'.' || comp.back() == L' ') return -EINVAL;
    out->push_back(std::move(comp));
  }
  if (out->empty()) out->push_back(L".");  // the sandbox folder itself
  return 0;
}

// libuv's fs__read / fs__write: a position goes in an OVERLAPPED, only to carry the offset.
// The handle is synchronous (Node's fs never opens with FILE_FLAG_OVERLAPPED, and the handle
// is not associated with the loop's port), so the call blocks this worker like read(2);
// no position (-1) uses the file pointer.
OVERLAPPED* at_position(OVERLAPPED& ov, int64_t position) {
  if (position < 0) return nullptr;
  ov.Offset = static_cast<DWORD>(position);
  ov.OffsetHigh = static_cast<DWORD>(static_cast<uint64_t>(position) >> 32);
  return &ov;
}

// [files] content: written when the sandbox is made, outside the run's write budget.
int64_t write_all(int64_t h, const std::string& data) {
  DWORD n = 0;
  if (!::WriteFile(as_handle(h), data.data(), static_cast<DWORD>(data.size()), &n, nullptr)) return last_error();
  return n;
}

}  // namespace

Sandbox::Sandbox(const std::vector<SandboxFile>& files, const std::vector<SandboxLink>& links, SandboxOptions options)
    : options_(std::move(options)), write_budget_(options_.max_write_bytes) {
  wchar_t tmp[MAX_PATH + 1];
  DWORD n = ::GetTempPathW(MAX_PATH + 1, tmp);
  if (n == 0 || n > MAX_PATH) throw std::runtime_error("cannot find the temp folder for the sandbox");
  static std::atomic<unsigned> counter{0};
  std::wstring dir;
  for (int attempt = 0;; ++attempt) {
    dir = std::wstring(tmp, n) + L"loopstep-" + std::to_wstring(::GetCurrentProcessId()) + L"-" +
          std::to_wstring(counter.fetch_add(1)) + L"-" + std::to_wstring(::GetTickCount64() % 100000);
    if (::CreateDirectoryW(dir.c_str(), nullptr)) break;
    if (::GetLastError() != ERROR_ALREADY_EXISTS || attempt > 100)
      throw std::runtime_error("cannot create the sandbox folder: Win32 error " + std::to_string(::GetLastError()));
  }
  root_ = narrow(dir);
  auto fail = [&](const std::string& what) {
    remove_tree(dir);
    throw std::runtime_error(what);
  };
  auto make_parents = [&](const std::string& p) {
    for (size_t i = p.find('/'); i != std::string::npos; i = p.find('/', i + 1))
      ::CreateDirectoryW(widen(root_ + "\\" + p.substr(0, i)).c_str(), nullptr);  // exists is fine
  };
  auto check_stop = [&] {
    if (std::string why = options_.stop_reason(); !why.empty()) fail(why + " while creating the sandbox");
  };
  for (const auto& f : files) {
    check_stop();
    make_parents(f.path);
    int64_t h = open(f.path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (h < 0) fail("cannot create sandbox file '" + f.path + "': errno " + std::to_string(-h));
    int64_t w = write_all(h, f.content);
    close(h);
    if (w != static_cast<int64_t>(f.content.size())) fail("cannot write sandbox file '" + f.path + "'");
  }
  for (const auto& l : links) {
    check_stop();
    make_parents(l.path);
    std::wstring target = widen(l.target);
    for (auto& c : target)
      if (c == L'/') c = L'\\';
    std::wstring link = widen(root_ + "\\" + l.path);
    for (auto& c : link)
      if (c == L'/') c = L'\\';
    DWORD flags = SYMBOLIC_LINK_FLAG_ALLOW_UNPRIVILEGED_CREATE;
    // Wine's CreateSymbolicLinkW says yes and makes nothing: check that the link exists.
    if (!::CreateSymbolicLinkW(link.c_str(), target.c_str(), flags) || ::GetFileAttributesW(link.c_str()) == INVALID_FILE_ATTRIBUTES)
      fail("cannot create sandbox symlink '" + l.path + "': Win32 error " + std::to_string(::GetLastError()));
  }
}

Sandbox::~Sandbox() {
  for (int64_t h : fds_) ::CloseHandle(as_handle(h));
  if (!root_.empty()) remove_tree(widen(root_));
}

// Opens `path` beneath the root with CreateFileW: `access` as CreateFileW takes it,
// `how` = the creation disposition << 32 | flags and attributes (see create_how()).
// Returns the handle value or -errno. Every component that exists is opened with
// FILE_FLAG_OPEN_REPARSE_POINT first; a reparse point among them is followed only when its
// final path stays beneath the root's (itself resolved, so a temp folder reached through a
// link of its own still counts as inside).
int64_t Sandbox::resolve(const std::string& path, uint64_t access, uint64_t how) {
  std::vector<std::wstring> comps;
  if (int64_t err = components(path, &comps); err < 0) return err;
  const std::wstring root = widen(root_);
  std::wstring full = root;
  std::wstring root_final;
  for (const auto& c : comps) {
    full += L"\\" + c;
    HANDLE h = ::CreateFileW(full.c_str(), FILE_READ_ATTRIBUTES, kShareAll, nullptr, OPEN_EXISTING,
                             FILE_FLAG_OPEN_REPARSE_POINT | FILE_FLAG_BACKUP_SEMANTICS, nullptr);
    if (h == INVALID_HANDLE_VALUE) break;  // does not exist (yet): nothing beyond can be a link
    BY_HANDLE_FILE_INFORMATION info{};
    BOOL ok = ::GetFileInformationByHandle(h, &info);
    ::CloseHandle(h);
    if (!ok) return last_error();
    // Wine opens a Unix symlink's target even with FILE_FLAG_OPEN_REPARSE_POINT, but marks
    // the link itself as a reparse point in its attributes: ask both.
    DWORD by_name = ::GetFileAttributesW(full.c_str());
    bool reparse = (info.dwFileAttributes & FILE_ATTRIBUTE_REPARSE_POINT) ||
                   (by_name != INVALID_FILE_ATTRIBUTES && (by_name & FILE_ATTRIBUTE_REPARSE_POINT));
    if (reparse) {
      if (root_final.empty()) root_final = final_path_of(root);
      // A link that cannot be resolved (dangling, or a loop) may lead anywhere: refused.
      if (!beneath(final_path_of(full), root_final)) return -EXDEV;
    }
  }
  DWORD disposition = static_cast<DWORD>(how >> 32);
  DWORD attrs = static_cast<DWORD>(how);
  HANDLE h = ::CreateFileW(full.c_str(), static_cast<DWORD>(access), kShareAll, nullptr, disposition, attrs, nullptr);
  if (h == INVALID_HANDLE_VALUE) return last_error();
  return static_cast<int64_t>(reinterpret_cast<intptr_t>(h));
}

bool Sandbox::owns(int64_t fd) {
  std::lock_guard lock(fds_mutex_);
  return fds_.count(fd) != 0;
}

// The descriptor the scenario sees is the HANDLE value itself. (libuv wraps the handle in a
// CRT fd with _open_osfhandle; keeping the handle makes CloseHandle the call really made, and
// a double close still gives EBADF through fds_.)
int64_t Sandbox::open(const std::string& path, int flags, int mode) {
  // libuv's fs__open: the same translation of open(2) flags.
  DWORD access;
  switch (flags & (O_RDONLY | O_WRONLY | O_RDWR)) {
    case O_WRONLY: access = FILE_GENERIC_WRITE; break;
    case O_RDWR: access = FILE_GENERIC_READ | FILE_GENERIC_WRITE; break;
    default: access = FILE_GENERIC_READ; break;
  }
  if (flags & O_APPEND) {
    access &= ~FILE_WRITE_DATA;
    access |= FILE_APPEND_DATA;
  }
  DWORD disposition;
  switch (flags & (O_CREAT | O_EXCL | O_TRUNC)) {
    case 0: case O_EXCL: disposition = OPEN_EXISTING; break;
    case O_CREAT: disposition = OPEN_ALWAYS; break;
    case O_CREAT | O_EXCL: case O_CREAT | O_TRUNC | O_EXCL: disposition = CREATE_NEW; break;
    case O_CREAT | O_TRUNC: disposition = CREATE_ALWAYS; break;
    default: disposition = TRUNCATE_EXISTING; break;  // O_TRUNC (| O_EXCL)
  }
  // FILE_FLAG_BACKUP_SEMANTICS opens a directory too, as open(2) with O_RDONLY does.
  DWORD attrs = FILE_ATTRIBUTE_NORMAL | FILE_FLAG_BACKUP_SEMANTICS;
  if ((flags & O_CREAT) && !(mode & 0200)) attrs |= FILE_ATTRIBUTE_READONLY;
  int64_t h = resolve(path, access, create_how(disposition, attrs));
  if (h >= 0) {
    std::lock_guard lock(fds_mutex_);
    fds_.insert(h);
  }
  return h;
}

namespace {
int64_t fill_stat(HANDLE h, struct stat* st) {
  BY_HANDLE_FILE_INFORMATION info{};
  if (!::GetFileInformationByHandle(h, &info)) return last_error();
  *st = {};
  st->st_size = static_cast<decltype(st->st_size)>((uint64_t{info.nFileSizeHigh} << 32) | info.nFileSizeLow);
  st->st_mode = static_cast<decltype(st->st_mode)>((info.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY) ? _S_IFDIR : _S_IFREG);
  st->st_nlink = static_cast<decltype(st->st_nlink)>(info.nNumberOfLinks);
  return 0;
}
}  // namespace

int64_t Sandbox::stat(const std::string& path, struct stat* st) {
  int64_t h = resolve(path, FILE_READ_ATTRIBUTES, create_how(OPEN_EXISTING, FILE_FLAG_BACKUP_SEMANTICS));
  if (h < 0) return h;
  int64_t r = fill_stat(as_handle(h), st);
  ::CloseHandle(as_handle(h));
  return r;
}

int64_t Sandbox::fstat(int64_t fd, struct stat* st) {
  if (!owns(fd)) return -EBADF;
  return fill_stat(as_handle(fd), st);
}

int64_t Sandbox::read(int64_t fd, std::string* out, int64_t length, int64_t position) {
  if (!owns(fd)) return -EBADF;
  out->assign(static_cast<size_t>(length), '\0');
  OVERLAPPED ov{};
  DWORD n = 0;
  if (!::ReadFile(as_handle(fd), out->data(), static_cast<DWORD>(out->size()), &n, at_position(ov, position))) {
    DWORD err = ::GetLastError();
    out->clear();
    if (err == ERROR_HANDLE_EOF) return 0;  // reading at or past the end
    return from_win32(err);
  }
  out->resize(n);
  return n;
}

int64_t Sandbox::write(int64_t fd, const std::string& data, int64_t position) {
  if (!owns(fd)) return -EBADF;
  const auto size = static_cast<int64_t>(data.size());
  if (!write_budget_.take(size)) return -EFBIG;
  OVERLAPPED ov{};
  DWORD n = 0;
  bool ok = ::WriteFile(as_handle(fd), data.data(), static_cast<DWORD>(data.size()), &n, at_position(ov, position));
  int64_t result = ok ? static_cast<int64_t>(n) : last_error();
  write_budget_.give_back(size - std::max<int64_t>(result, 0));
  return result;
}

int64_t Sandbox::close(int64_t fd) {
  {
    std::lock_guard lock(fds_mutex_);
    if (!fds_.erase(fd)) return -EBADF;
  }
  return ::CloseHandle(as_handle(fd)) ? 0 : last_error();
}

int64_t Sandbox::unlink(const std::string& path) {
  // The parent is resolved beneath the sandbox; the last component is deleted itself (a
  // link is removed, never followed), as unlinkat does.
  std::vector<std::wstring> comps;
  if (int64_t err = components(path, &comps); err < 0) return err;
  if (comps.back() == L".") return -EINVAL;
  size_t slash = path.find_last_of("/\\");
  std::string parent = slash == std::string::npos ? "." : path.substr(0, slash);
  int64_t dir = resolve(parent, FILE_READ_ATTRIBUTES, create_how(OPEN_EXISTING, FILE_FLAG_BACKUP_SEMANTICS));
  if (dir < 0) return dir;
  ::CloseHandle(as_handle(dir));
  std::wstring full = widen(root_);
  for (const auto& c : comps) full += L"\\" + c;
  DWORD attrs = ::GetFileAttributesW(full.c_str());
  // unlink(2) refuses a directory; DeleteFileW would say ERROR_ACCESS_DENIED.
  if (attrs != INVALID_FILE_ATTRIBUTES && (attrs & FILE_ATTRIBUTE_DIRECTORY) && !(attrs & FILE_ATTRIBUTE_REPARSE_POINT))
    return -EISDIR;
  return ::DeleteFileW(full.c_str()) ? 0 : last_error();
}

// The calls only JS lessons make, and JS lessons run on the Linux build only (README:
// "JS lessons"): the native engine answers ENOSYS rather than half an implementation.
int64_t Sandbox::lstat(const std::string&, struct stat*) { return -ENOSYS; }
int64_t Sandbox::mkdir(const std::string&, int) { return -ENOSYS; }
int64_t Sandbox::readdir(const std::string&, std::vector<std::string>*) { return -ENOSYS; }
int64_t Sandbox::rename(const std::string&, const std::string&) { return -ENOSYS; }
int64_t Sandbox::rmdir(const std::string&) { return -ENOSYS; }

}  // namespace loopstep
