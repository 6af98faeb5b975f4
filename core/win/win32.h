// <windows.h> as the Win32 files of core/ want it: without the rarely used APIs, and
// without the min/max macros that break std::min and std::numeric_limits<>::max.
#pragma once
#ifndef WIN32_LEAN_AND_MEAN
#define WIN32_LEAN_AND_MEAN
#endif
#ifndef NOMINMAX
#define NOMINMAX
#endif
#include <windows.h>
