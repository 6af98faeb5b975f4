// Recording files: atomic save, safe load.
#include "core/trace/recording_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <ext/stdio_filebuf.h>
#include <istream>
#include <ostream>
#include <streambuf>

#include "core/trace/jsonl_line.h"

namespace loopstep {
namespace {

// A buffered std::streambuf over a file descriptor that remembers the first write error.
class FdBuf : public std::streambuf {
 public:
  explicit FdBuf(int fd) : fd_(fd) { setp(buf_, buf_ + sizeof buf_); }
  int error() const { return error_; }
  bool flush_all() { return flush() && error_ == 0; }

 protected:
  int_type overflow(int_type ch) override {
    if (!flush()) return traits_type::eof();
    if (!traits_type::eq_int_type(ch, traits_type::eof())) {
      *pptr() = traits_type::to_char_type(ch);
      pbump(1);
    }
    return traits_type::not_eof(ch);
  }
  int sync() override { return flush() ? 0 : -1; }

 private:
  bool flush() {
    const char* p = pbase();
    while (p < pptr() && error_ == 0) {
      ssize_t n = ::write(fd_, p, static_cast<size_t>(pptr() - p));
      if (n < 0) {
        if (errno == EINTR) continue;
        error_ = errno;
      } else {
        p += n;
      }
    }
    setp(buf_, buf_ + sizeof buf_);
    return error_ == 0;
  }

  int fd_;
  int error_ = 0;
  char buf_[64 * 1024];
};

std::string folder_of(const std::string& path) {
  size_t slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

const char* file_type(mode_t mode) {
  if (S_ISFIFO(mode)) return "a FIFO";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  if (S_ISSOCK(mode)) return "a socket";
  return "a special file";
}

std::string failure(const std::string& path, const char* step, int error) {
  return "cannot save '" + path + "': " + step + ": " + std::strerror(error);
}

}  // namespace

std::string save_recording(const std::string& path, const Recording& rec) { return save_recording(path, rec, rec.moment); }

std::string save_recording(const std::string& path, const Recording& rec, const std::optional<Moment>& moment) {
  return save_atomically(path, [&](std::ostream& out) { write_jsonl(out, rec, moment); });
}

std::string save_atomically(const std::string& path, const std::function<void(std::ostream&)>& write) {
  if (path.empty()) return "cannot save: no file name";
  std::string temp = path + ".tmp-XXXXXX";
  int fd = ::mkostemp(temp.data(), O_CLOEXEC);
  if (fd < 0) return failure(path, "creating the temporary file", errno);
  auto abandon = [&](const char* step, int error) {
    ::close(fd);
    ::unlink(temp.c_str());
    return failure(path, step, error);
  };
  // mkstemp makes the file 0600; a recording is as readable as the file it replaces, or 0644.
  struct stat old {};
  mode_t mode = ::stat(path.c_str(), &old) == 0 && S_ISREG(old.st_mode) ? (old.st_mode & 07777) : 0644;
  if (::fchmod(fd, mode) != 0) return abandon("setting its permissions", errno);
  FdBuf buf(fd);
  {
    std::ostream out(&buf);
    try {
      write(out);
    } catch (const std::exception&) {  // out of memory while formatting: still an answer
      return abandon("writing", ENOMEM);
    }
    out.flush();
  }
  if (!buf.flush_all()) return abandon("writing", buf.error());
  if (::fsync(fd) != 0) return abandon("fsync", errno);
  if (::close(fd) != 0) {
    int error = errno;
    ::unlink(temp.c_str());
    return failure(path, "closing", error);
  }
  if (::rename(temp.c_str(), path.c_str()) != 0) {
    int error = errno;
    ::unlink(temp.c_str());
    return failure(path, "renaming the temporary file over it", error);
  }
  // The rename itself is durable once the folder is synced (best effort: it is in place).
  int dir = ::open(folder_of(path).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir >= 0) {
    ::fsync(dir);
    ::close(dir);
  }
  return "";
}

LoadedRecording load_recording(const std::string& path) {
  auto refused = [&](const std::string& why) {
    LoadedRecording out;
    out.recording = std::make_unique<Recording>(std::make_shared<RunInfo>());
    out.error = path + ": " + why;
    return out;
  };
  // O_NONBLOCK: opening a FIFO without a writer would block here; fstat then refuses it.
  int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) return refused(std::string("cannot open: ") + std::strerror(errno));
  __gnu_cxx::stdio_filebuf<char> file(fd, std::ios::in);  // owns fd from here
  struct stat st {};
  if (::fstat(fd, &st) != 0) return refused(std::string("cannot open: ") + std::strerror(errno));
  if (S_ISDIR(st.st_mode)) return refused(std::string("cannot open: ") + std::strerror(EISDIR));
  if (!S_ISREG(st.st_mode)) return refused("cannot open: " + std::string(file_type(st.st_mode)) + ", not a regular file");
  if (static_cast<uint64_t>(st.st_size) > kMaxRecordingBytes)
    return refused("the recording is " + std::to_string(st.st_size) + " bytes; the limit is " +
                   std::to_string(kMaxRecordingBytes >> 30) + " GiB");
  std::istream in(&file);
  return read_jsonl(in, path);
}

}  // namespace loopstep
