# wasmod_add_module(<name> SYMBOL <wm_module symbol> SOURCES <c files...>
#                   [INCLUDES <dirs...>] [DEFINES <defs...>] [OUTPUT_DIR <dir>]
#                   [WASM_COMPILE_OPTIONS <options...>] [WASM_LINK_OPTIONS <options...>])
#
# Builds one module from its sources and core:
#   - under Emscripten: a standalone <name>-<simd|scalar>.wasm in OUTPUT_DIR
#     (default WASMOD_MODULE_DIR),
#     exporting exactly the ABI (core/wasm_exports.txt), memory imported so the
#     loader sets its maximum, its data segments joined (scripts/join-data-segments.mjs);
#   - natively: an object library linked into libwasmod.
# Third-party modules use the same function (see tests/fixtures).

function(wasmod_add_module name)
  # Found from this file, so that a project that add_subdirectory()s wasmod can call it too.
  set(WASMOD_CORE_DIR "${CMAKE_CURRENT_FUNCTION_LIST_DIR}/../core")
  cmake_parse_arguments(ARG "" "SYMBOL;OUTPUT_DIR" "SOURCES;INCLUDES;DEFINES;WASM_COMPILE_OPTIONS;WASM_LINK_OPTIONS" ${ARGN})
  if(NOT ARG_SYMBOL OR NOT ARG_SOURCES)
    message(FATAL_ERROR "wasmod_add_module(${name}) needs SYMBOL and SOURCES")
  endif()
  if(EMSCRIPTEN)
    if(WASMOD_SIMD)
      set(variant simd)
    else()
      set(variant scalar)
    endif()
    set(target "${name}-${variant}")
    set(output_dir "${WASMOD_MODULE_DIR}")
    if(ARG_OUTPUT_DIR)
      set(output_dir "${ARG_OUTPUT_DIR}")
    endif()
    add_executable(${target} ${ARG_SOURCES} "${WASMOD_CORE_DIR}/src/wasm_exports.c")
    target_link_libraries(${target} PRIVATE wasmod-core)
    target_include_directories(${target} PRIVATE ${ARG_INCLUDES})
    target_compile_definitions(${target} PRIVATE ${ARG_DEFINES} WM_MODULE_SYMBOL=${ARG_SYMBOL})
    target_compile_options(${target} PRIVATE ${ARG_WASM_COMPILE_OPTIONS})
    set_target_properties(${target} PROPERTIES
      SUFFIX ".wasm"
      RUNTIME_OUTPUT_DIRECTORY "${output_dir}"
      LINK_DEPENDS "${WASMOD_CORE_DIR}/wasm_exports.txt")
    target_link_options(${target} PRIVATE
      -sSTANDALONE_WASM --no-entry
      "-sEXPORTED_FUNCTIONS=@${WASMOD_CORE_DIR}/wasm_exports.txt"
      -sIMPORTED_MEMORY -sALLOW_MEMORY_GROWTH=1 -sMAXIMUM_MEMORY=4GB -sABORTING_MALLOC=0
      -sINITIAL_MEMORY=2MB -sTOTAL_STACK=512KB
      -sFILESYSTEM=0 -sSUPPORT_LONGJMP=0
      ${ARG_WASM_LINK_OPTIONS})
    # The optimizer splits the data at every run of zeros; joined again it gzips
    # far smaller (scripts/join-data-segments.mjs says why).
    find_program(WASMOD_NODE node REQUIRED)
    add_custom_command(TARGET ${target} POST_BUILD
      COMMAND "${WASMOD_NODE}" "${WASMOD_CORE_DIR}/../scripts/join-data-segments.mjs" "$<TARGET_FILE:${target}>"
      VERBATIM)
    set_property(GLOBAL APPEND PROPERTY WASMOD_WASM_TARGETS ${target})
  else()
    add_library(wasmod-module-${name} OBJECT ${ARG_SOURCES})
    target_link_libraries(wasmod-module-${name} PRIVATE wasmod-core-headers)
    target_include_directories(wasmod-module-${name} PRIVATE ${ARG_INCLUDES})
    target_compile_definitions(wasmod-module-${name} PRIVATE ${ARG_DEFINES} WM_SHARED_BUILD)
    set_property(GLOBAL APPEND PROPERTY WASMOD_NATIVE_MODULES wasmod-module-${name})
  endif()
endfunction()
