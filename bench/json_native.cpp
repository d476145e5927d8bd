// The native side of the JSON bench: wasmod (libwasmod, in process) beside
// simdjson (DOM) and cJSON on the same files, each timed as one pass over all
// of them (median of runs). Built by bench/sections/10-json.mjs with g++.
//   json-native RUNS FILE...   ->  one JSON line per measurement: {"name", "ms"}
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <string>
#include <vector>

#include <cjson/cJSON.h>
#include <simdjson.h>

#include "wasmod/wasmod.h"

static std::string read_file(const char *path) {
  std::string data;
  if (FILE *f = std::fopen(path, "rb")) {
    char buf[1 << 16];
    size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, f))) data.append(buf, n);
    std::fclose(f);
  }
  return data;
}

static size_t sink; // keeps results alive so nothing is optimised away

static void report(const char *name, int runs, const std::function<void()> &pass) {
  pass();
  std::vector<double> ms;
  for (int i = 0; i < runs; i++) {
    auto start = std::chrono::steady_clock::now();
    pass();
    ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
  }
  std::sort(ms.begin(), ms.end());
  std::printf("{\"name\":\"%s\",\"ms\":%.4f}\n", name, ms[ms.size() / 2]);
  std::fflush(stdout);
}

static void wasmod(const std::vector<std::string> &texts, const char *op, const char *options, unsigned flags) {
  for (const auto &t : texts) {
    wm_result *r = wm_module_call(&wm_json_module, op, std::strlen(op), (const uint8_t *)t.data(), t.size(), options,
                                  std::strlen(options), flags);
    if (r->status != WM_OK) std::abort();
    sink += r->output_len;
    wm_result_free(r);
  }
}

int main(int argc, char **argv) {
  if (argc < 3) return std::fprintf(stderr, "usage: json-native RUNS FILE...\n"), 2;
  int runs = std::atoi(argv[1]);
  std::vector<std::string> texts;
  std::vector<simdjson::padded_string> padded;
  for (int i = 2; i < argc; i++) {
    texts.push_back(read_file(argv[i]));
    padded.emplace_back(texts.back());
  }
  simdjson::dom::parser parser;
  report("simdjson DOM parse", runs, [&] {
    for (auto &p : padded) {
      simdjson::dom::element doc;
      if (parser.parse(p).get(doc)) std::abort();
      sink += doc.is_object();
    }
  });
  report("simdjson DOM parse + minify (to_string)", runs, [&] {
    for (auto &p : padded) {
      simdjson::dom::element doc;
      if (parser.parse(p).get(doc)) std::abort();
      sink += simdjson::to_string(doc).size();
    }
  });
  report("cJSON parse", runs, [&] {
    for (auto &t : texts) {
      cJSON *doc = cJSON_ParseWithLength(t.data(), t.size());
      if (!doc) std::abort();
      cJSON_Delete(doc);
    }
  });
  report("cJSON parse + print (pretty)", runs, [&] {
    for (auto &t : texts) {
      cJSON *doc = cJSON_ParseWithLength(t.data(), t.size());
      char *out = cJSON_Print(doc);
      sink += std::strlen(out);
      cJSON_free(out);
      cJSON_Delete(doc);
    }
  });
  report("wasmod validate, native", runs, [&] { wasmod(texts, "validate", "", 0); });
  report("wasmod validate, native scalar", runs, [&] { wasmod(texts, "validate", "", WM_CALL_FORCE_SCALAR); });
  report("wasmod format indent 2, native", runs, [&] { wasmod(texts, "format", "", 0); });
  report("wasmod minify, native", runs, [&] { wasmod(texts, "format", "{\"indent\":0}", 0); });
  report("wasmod sortKeys indent 2, native", runs, [&] { wasmod(texts, "format", "{\"sortKeys\":true}", 0); });
  return sink == 42 ? 1 : 0;
}
