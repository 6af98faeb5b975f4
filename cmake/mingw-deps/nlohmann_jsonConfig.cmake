# MinGW build: answers find_package() with Debian's header-only library (see include_dir.cmake).
include(${CMAKE_CURRENT_LIST_DIR}/include_dir.cmake)
if(NOT TARGET nlohmann_json::nlohmann_json)
  loopstep_mingw_include_dir(dir nlohmann)
  add_library(nlohmann_json::nlohmann_json INTERFACE IMPORTED)
  set_target_properties(nlohmann_json::nlohmann_json PROPERTIES INTERFACE_INCLUDE_DIRECTORIES ${dir})
endif()
