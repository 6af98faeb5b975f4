// The table of names per operation. The worker's call is the platform's: the Linux syscall,
// or on the native Windows build the Win32 call core/win/sandbox_win.cpp really makes (those of
// libuv's src/win/fs.c); every other layer is the same on both.
#include "core/engine/fs_op_names.h"

namespace loopstep {

namespace {
#ifdef _WIN32
constexpr bool kWin32 = true;
#else
constexpr bool kWin32 = false;
#endif
constexpr std::string_view call(std::string_view linux_syscall, std::string_view win32) { return kWin32 ? win32 : linux_syscall; }
}  // namespace

const OpNames& op_names(Op op) {
  static const OpNames kOpen{"binding.open", "uv_fs_open", true, call("open(2)", "CreateFileW"), "AfterInteger", "fs_open_req"};
  static const OpNames kStat{"binding.stat", "uv_fs_stat", true, call("stat(2)", "GetFileInformationByHandle"), "AfterStat", "fs_stat_req"};
  static const OpNames kFstat{"binding.fstat", "uv_fs_fstat", false, call("fstat(2)", "GetFileInformationByHandle"), "AfterStat", "fs_fstat_req"};
  static const OpNames kRead{"binding.read", "uv_fs_read", false, call("read(2)", "ReadFile"), "AfterInteger", "fs_read_req"};
  static const OpNames kWrite{"binding.writeString", "uv_fs_write", false, call("write(2)", "WriteFile"), "AfterInteger", "fs_write_req"};
  static const OpNames kClose{"binding.close", "uv_fs_close", false, call("close(2)", "CloseHandle"), "AfterNoArgs", "fs_close_req"};
  static const OpNames kUnlink{"binding.unlink", "uv_fs_unlink", true, call("unlink(2)", "DeleteFileW"), "AfterNoArgs", "fs_unlink_req"};
  static const OpNames kLstat{"binding.lstat", "uv_fs_lstat", true, call("lstat(2)", "GetFileInformationByHandle"), "AfterStat", "fs_lstat_req"};
  static const OpNames kMkdir{"binding.mkdir", "uv_fs_mkdir", true, call("mkdir(2)", "CreateDirectoryW"), "AfterNoArgs", "fs_mkdir_req"};
  static const OpNames kReaddir{"binding.readdir", "uv_fs_scandir", true, call("getdents64(2)", "FindNextFileW"), "AfterScanDir", "fs_scandir_req"};
  static const OpNames kRename{"binding.rename", "uv_fs_rename", true, call("rename(2)", "MoveFileExW"), "AfterNoArgs", "fs_rename_req"};
  static const OpNames kRmdir{"binding.rmdir", "uv_fs_rmdir", true, call("rmdir(2)", "RemoveDirectoryW"), "AfterNoArgs", "fs_rmdir_req"};
  // Work: `syscall` is the function the worker runs (node's src/threadpoolwork-inl.h, src/crypto/).
  static const OpNames kWork{"ThreadPoolWork::ScheduleWork", "uv_queue_work", false, "work_cb", "ThreadPoolWork::AfterThreadPoolWork", "work_req"};
  static const OpNames kPbkdf2{"CryptoJob::Run", "uv_queue_work", false, "PBKDF2Traits::DeriveBits", "CryptoJob::AfterThreadPoolWork", "work_req"};
  switch (op) {
    case Op::fs_open: return kOpen;
    case Op::fs_stat: return kStat;
    case Op::fs_fstat: return kFstat;
    case Op::fs_read: return kRead;
    case Op::fs_write: return kWrite;
    case Op::fs_close: return kClose;
    case Op::fs_unlink: return kUnlink;
    case Op::fs_lstat: return kLstat;
    case Op::fs_mkdir: return kMkdir;
    case Op::fs_readdir: return kReaddir;
    case Op::fs_rename: return kRename;
    case Op::fs_rmdir: return kRmdir;
    case Op::crypto_pbkdf2: return kPbkdf2;
    default: return kWork;
  }
}

}  // namespace loopstep
