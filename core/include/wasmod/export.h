/*
 * WM_API marks the functions of libwasmod's public interface. The library is
 * built with hidden visibility, so only what carries WM_API is exported from
 * the shared object; the static library and the wasm modules ignore it.
 */
#ifndef WASMOD_EXPORT_H
#define WASMOD_EXPORT_H

#if defined(WM_SHARED_BUILD) && (defined(__GNUC__) || defined(__clang__))
#define WM_API __attribute__((visibility("default")))
#else
#define WM_API
#endif

#endif /* WASMOD_EXPORT_H */
