// The table of names per operation for the native Windows build: the same layers as
// core/fs_op_names.cpp, with the Win32 calls core/sandbox_win.cpp really makes (those of
// libuv's src/win/fs.c) in place of the Linux syscalls.
#include "core/fs_op_names.h"

namespace loopstep {

const OpNames& op_names(Op op) {
  static const OpNames kOpen{"binding.open", "uv_fs_open", true, "CreateFileW", "AfterInteger", "fs_open_req"};
  static const OpNames kStat{"binding.stat", "uv_fs_stat", true, "GetFileInformationByHandle", "AfterStat", "fs_stat_req"};
  static const OpNames kFstat{"binding.fstat", "uv_fs_fstat", false, "GetFileInformationByHandle", "AfterStat", "fs_fstat_req"};
  static const OpNames kRead{"binding.read", "uv_fs_read", false, "ReadFile", "AfterInteger", "fs_read_req"};
  static const OpNames kWrite{"binding.writeString", "uv_fs_write", false, "WriteFile", "AfterInteger", "fs_write_req"};
  static const OpNames kClose{"binding.close", "uv_fs_close", false, "CloseHandle", "AfterNoArgs", "fs_close_req"};
  static const OpNames kUnlink{"binding.unlink", "uv_fs_unlink", true, "DeleteFileW", "AfterNoArgs", "fs_unlink_req"};
  static const OpNames kWork{"ThreadPoolWork::ScheduleWork", "uv_queue_work", false, "", "ThreadPoolWork::AfterThreadPoolWork", "work_req"};
  switch (op) {
    case Op::fs_open: return kOpen;
    case Op::fs_stat: return kStat;
    case Op::fs_fstat: return kFstat;
    case Op::fs_read: return kRead;
    case Op::fs_write: return kWrite;
    case Op::fs_close: return kClose;
    case Op::fs_unlink: return kUnlink;
    default: return kWork;
  }
}

}  // namespace loopstep
