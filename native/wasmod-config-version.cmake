# The version check of find_package(wasmod). A native project uses the
# libraries, built for one pointer size; a project configured with emcmake
# uses the module SDK (headers and sources), fit for any.
if(EMSCRIPTEN)
  include("${CMAKE_CURRENT_LIST_DIR}/wasmod-config-version-sdk.cmake")
else()
  include("${CMAKE_CURRENT_LIST_DIR}/wasmod-config-version-native.cmake")
endif()
