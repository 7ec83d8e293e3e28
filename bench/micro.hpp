#pragma once
// What the micro-benchmarks (bench/micro.cpp, bench/micro_adapters.cpp) share.

#include <functional>

namespace linli_bench {

// Runs `round` (which does `per_round` operations) several times; prints the median per operation
// and returns it.
double report(const char* name, int rounds, int per_round, const std::function<void(int)>& round);

// Each platform adapter's verify + parse against a JSON-parse-only reference (micro_adapters.cpp).
void adapter_benchmark();

// The single writer per kind of message, `writer/<kind>` (writer_kinds.cpp).
void writer_kinds_benchmark(const std::function<bool(const char*)>& wanted);

}  // namespace linli_bench
