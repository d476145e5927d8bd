# The module SDK: wasmod_add_module() and the core library every module links.
# This tree includes it from its top CMakeLists.txt; an installed libwasmod
# installs it (with core's sources and the post-link scripts, in the same
# layout under <prefix>/share/wasmod) and find_package(wasmod) includes it in
# a project configured with emcmake (native/wasmod-config.cmake.in).
#
# wasmod_add_module(<name> SYMBOL <wm_module symbol> SOURCES <c files...>
#                   [CAPABILITIES <names...>]
#                   [INCLUDES <dirs...>] [DEFINES <defs...>] [OUTPUT_DIR <dir>]
#                   [WASM_COMPILE_OPTIONS <options...>] [WASM_LINK_OPTIONS <options...>])
#
# Builds one module from its sources and core:
#   - under Emscripten: a standalone <name>-<simd|scalar>.wasm (the variant
#     WASMOD_SIMD says) in OUTPUT_DIR (default WASMOD_MODULE_DIR, else the
#     current binary directory), exporting exactly the ABI
#     (core/wasm_exports.txt), memory imported so the loader sets its maximum;
#     then, in Node, its data segments joined (scripts/join-data-segments.mjs)
#     and its imports checked against its capabilities (scripts/wasm-capabilities.mjs);
#   - natively: an object library linked into libwasmod.
#
# CAPABILITIES (WebAssembly only) names the host capabilities the module uses
# (wasmod/host.h): log, clock, random, config, kv, and app:<NAME> for the app's
# function NAME (letters, digits, '_', '-', '.'). They are listed in the
# manifest ("capabilities") and in the custom section "wasmod.capabilities",
# which the loader reads; an import they do not allow fails the build.
# Third-party modules use the same function (see tests/fixtures).

# Core's sources, which every module links with, into <out>.
function(wasmod_core_sources out)
  set(sources)
  foreach(file buf.c call.c diag.c options.c scan_scalar.c scan_simd.c utf8.c)
    list(APPEND sources "${CMAKE_CURRENT_FUNCTION_LIST_DIR}/../core/src/${file}")
  endforeach()
  set(${out} ${sources} PARENT_SCOPE)
endfunction()

# wasmod_add_wasm_core(<headers target>): under Emscripten, the static library
# wasmod-core from core's sources, compiled the way every module linked with
# it is (the options are PUBLIC): -O3, bulk memory (memcpy/memset as single
# instructions; Node 20 and every current browser have it) and, in the simd
# variant, simd128; WM_NO_SIMD in the scalar one.
function(wasmod_add_wasm_core headers)
  wasmod_core_sources(sources)
  add_library(wasmod-core STATIC ${sources})
  target_link_libraries(wasmod-core PUBLIC ${headers})
  target_compile_options(wasmod-core PUBLIC -O3 -mbulk-memory $<$<BOOL:${WASMOD_SIMD}>:-msimd128>)
  target_compile_definitions(wasmod-core PUBLIC $<$<NOT:$<BOOL:${WASMOD_SIMD}>>:WM_NO_SIMD>)
  target_link_options(wasmod-core INTERFACE -mbulk-memory)
endfunction()

# The post-link scripts a module's build runs, into <out>.
function(_wasmod_post_link_scripts out)
  set(dir "${CMAKE_CURRENT_FUNCTION_LIST_DIR}/../scripts")
  set(${out} "${dir}/join-data-segments.mjs" "${dir}/wasm-capabilities.mjs" "${dir}/wasm-binary.mjs" PARENT_SCOPE)
endfunction()

# wasmod_install_sdk(<dir>): installs the module SDK under <dir>: this file,
# core's sources and the post-link scripts, laid out as in this tree, so that
# this file finds the rest from its installed place.
function(wasmod_install_sdk dir)
  set(root "${CMAKE_CURRENT_FUNCTION_LIST_DIR}/..")
  wasmod_core_sources(sources)
  _wasmod_post_link_scripts(scripts)
  install(FILES "${CMAKE_CURRENT_FUNCTION_LIST_FILE}" DESTINATION "${dir}/cmake")
  install(FILES ${sources} "${root}/core/src/wasm_exports.c" DESTINATION "${dir}/core/src")
  install(FILES "${root}/core/wasm_exports.txt" DESTINATION "${dir}/core")
  install(FILES ${scripts} DESTINATION "${dir}/scripts")
endfunction()

# Checks the CAPABILITIES of module <name> at configure time.
function(_wasmod_check_capabilities name)
  # Besides app:<NAME>; scripts/wasm-capabilities.mjs maps each to its imports.
  set(known log clock random config kv)
  set(seen)
  foreach(capability IN LISTS ARGN)
    if(NOT capability IN_LIST known AND NOT capability MATCHES "^app:[A-Za-z0-9_.-]+$")
      string(REPLACE ";" " " known "${known}")
      message(FATAL_ERROR "wasmod_add_module(${name}): unknown capability '${capability}' "
                          "(known: ${known}, and app:<NAME> with NAME of letters, digits, '_', '-', '.')")
    endif()
    if(capability IN_LIST seen)
      message(FATAL_ERROR "wasmod_add_module(${name}): capability '${capability}' is listed twice")
    endif()
    list(APPEND seen "${capability}")
  endforeach()
endfunction()

# Node runs the post-link steps (scripts/*.mjs). Emscripten itself runs on
# Node, so wherever emcc works Node is there; this says what is missing when not.
function(_wasmod_require_node name)
  find_program(WASMOD_NODE NAMES node nodejs DOC "Node.js, which runs the post-link steps of wasmod modules")
  if(WASMOD_NODE AND WASMOD_NODE STREQUAL _WASMOD_NODE_CHECKED)
    return()
  endif()
  set(found "none on the PATH")
  if(WASMOD_NODE)
    execute_process(COMMAND "${WASMOD_NODE}" --version OUTPUT_VARIABLE version
                    OUTPUT_STRIP_TRAILING_WHITESPACE RESULT_VARIABLE failed)
    string(REGEX REPLACE "^v" "" version "${version}")
    set(found "${WASMOD_NODE}, version '${version}'")
  endif()
  if(NOT WASMOD_NODE OR failed OR NOT version MATCHES "^[0-9]" OR version VERSION_LESS 16.6)
    message(FATAL_ERROR
      "wasmod_add_module(${name}): building a WebAssembly module needs Node.js 16.6 or newer "
      "(found: ${found}). After linking, Node runs the module's post-link steps: they check "
      "its imports against its capabilities and write those into the .wasm. Emscripten needs "
      "Node as well: install it, or set WASMOD_NODE to its path.")
  endif()
  set(_WASMOD_NODE_CHECKED "${WASMOD_NODE}" CACHE INTERNAL "The Node.js found good enough")
endfunction()

function(wasmod_add_module name)
  # Found from this file, so that a project that add_subdirectory()s wasmod, or
  # finds it installed, can call it too.
  set(WASMOD_CORE_DIR "${CMAKE_CURRENT_FUNCTION_LIST_DIR}/../core")
  set(WASMOD_SCRIPTS_DIR "${CMAKE_CURRENT_FUNCTION_LIST_DIR}/../scripts")
  cmake_parse_arguments(ARG "" "SYMBOL;OUTPUT_DIR"
    "SOURCES;CAPABILITIES;INCLUDES;DEFINES;WASM_COMPILE_OPTIONS;WASM_LINK_OPTIONS" ${ARGN})
  if(NOT ARG_SYMBOL OR NOT ARG_SOURCES)
    message(FATAL_ERROR "wasmod_add_module(${name}) needs SYMBOL and SOURCES")
  endif()
  _wasmod_check_capabilities(${name} ${ARG_CAPABILITIES})
  if(EMSCRIPTEN)
    _wasmod_require_node(${name})
    if(WASMOD_SIMD)
      set(variant simd)
    else()
      set(variant scalar)
    endif()
    set(target "${name}-${variant}")
    set(output_dir "${CMAKE_CURRENT_BINARY_DIR}")
    if(ARG_OUTPUT_DIR)
      set(output_dir "${ARG_OUTPUT_DIR}")
    elseif(WASMOD_MODULE_DIR)
      set(output_dir "${WASMOD_MODULE_DIR}")
    endif()
    add_executable(${target} ${ARG_SOURCES} "${WASMOD_CORE_DIR}/src/wasm_exports.c")
    target_link_libraries(${target} PRIVATE wasmod-core)
    target_include_directories(${target} PRIVATE ${ARG_INCLUDES})
    target_compile_definitions(${target} PRIVATE ${ARG_DEFINES} WM_MODULE_SYMBOL=${ARG_SYMBOL})
    target_compile_options(${target} PRIVATE ${ARG_WASM_COMPILE_OPTIONS})
    _wasmod_post_link_scripts(post_link_scripts)
    set_target_properties(${target} PROPERTIES
      SUFFIX ".wasm"
      RUNTIME_OUTPUT_DIRECTORY "${output_dir}"
      LINK_DEPENDS "${WASMOD_CORE_DIR}/wasm_exports.txt;${post_link_scripts}")
    target_link_options(${target} PRIVATE
      -sSTANDALONE_WASM --no-entry
      "-sEXPORTED_FUNCTIONS=@${WASMOD_CORE_DIR}/wasm_exports.txt"
      -sIMPORTED_MEMORY -sALLOW_MEMORY_GROWTH=1 -sMAXIMUM_MEMORY=4GB -sABORTING_MALLOC=0
      -sINITIAL_MEMORY=2MB -sTOTAL_STACK=512KB
      -sFILESYSTEM=0 -sSUPPORT_LONGJMP=0
      ${ARG_WASM_LINK_OPTIONS})
    if(ARG_CAPABILITIES)
      string(REPLACE ";" " " capabilities "${ARG_CAPABILITIES}")
      target_compile_definitions(${target} PRIVATE "WM_MODULE_CAPABILITIES=\"${capabilities}\"")
      # The host functions are defined by no object: they link as imports
      # (host.h names their module), which wasm-capabilities.mjs then checks
      # one by one, with a clearer message than the linker's warnings.
      target_link_options(${target} PRIVATE -sERROR_ON_UNDEFINED_SYMBOLS=0 -sWARN_ON_UNDEFINED_SYMBOLS=0)
    endif()
    # The optimizer splits the data at every run of zeros; joined again it gzips
    # far smaller (scripts/join-data-segments.mjs says why).
    add_custom_command(TARGET ${target} POST_BUILD
      COMMAND "${WASMOD_NODE}" "${WASMOD_SCRIPTS_DIR}/join-data-segments.mjs" "$<TARGET_FILE:${target}>"
      COMMAND "${WASMOD_NODE}" "${WASMOD_SCRIPTS_DIR}/wasm-capabilities.mjs" "$<TARGET_FILE:${target}>" ${ARG_CAPABILITIES}
      VERBATIM)
    set_property(GLOBAL APPEND PROPERTY WASMOD_WASM_TARGETS ${target})
  else()
    if(ARG_CAPABILITIES)
      message(FATAL_ERROR "wasmod_add_module(${name}): CAPABILITIES are for WebAssembly builds "
                          "(configure with emcmake): the native library runs modules that import nothing")
    endif()
    add_library(wasmod-module-${name} OBJECT ${ARG_SOURCES})
    target_link_libraries(wasmod-module-${name} PRIVATE wasmod-core-headers)
    target_include_directories(wasmod-module-${name} PRIVATE ${ARG_INCLUDES})
    target_compile_definitions(wasmod-module-${name} PRIVATE ${ARG_DEFINES} WM_SHARED_BUILD)
    set_property(GLOBAL APPEND PROPERTY WASMOD_NATIVE_MODULES wasmod-module-${name})
  endif()
endfunction()
