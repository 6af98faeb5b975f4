# Toolchain file for the Windows cross-build (issue 6): Debian's MinGW-w64 with the posix
# thread model (the win32 variant rejects std::thread), linked -static so the .exe needs no
# MinGW DLLs, run by Wine (ctest and doctest go through CMAKE_CROSSCOMPILING_EMULATOR).
#   cmake -S . -B build-win -DCMAKE_TOOLCHAIN_FILE=cmake/mingw-w64.cmake -DLOOPSTEP_GUI=OFF
set(CMAKE_SYSTEM_NAME Windows)
set(CMAKE_SYSTEM_PROCESSOR x86_64)
set(CMAKE_C_COMPILER x86_64-w64-mingw32-gcc-posix)
set(CMAKE_CXX_COMPILER x86_64-w64-mingw32-g++-posix)
set(CMAKE_RC_COMPILER x86_64-w64-mingw32-windres)
set(CMAKE_FIND_ROOT_PATH /usr/x86_64-w64-mingw32)
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)
set(CMAKE_EXE_LINKER_FLAGS_INIT "-static")
set(CMAKE_CROSSCOMPILING_EMULATOR wine)

# The header-only libraries come from Debian's Linux packages, but /usr/include itself must
# never reach the MinGW include path (glibc's headers would shadow MinGW's). Each package's
# find_package() is answered by a small config in cmake/mingw-deps/ that exposes only that
# library's own folder (see mingw-deps/include_dir.cmake).
foreach(pkg spdlog fmt tomlplusplus CLI11 nlohmann_json doctest)
  set(${pkg}_DIR ${CMAKE_CURRENT_LIST_DIR}/mingw-deps CACHE PATH "" FORCE)
endforeach()
