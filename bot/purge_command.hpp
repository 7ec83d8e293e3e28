#pragma once
// `linli purge --before DATE [--db URL] [--config FILE]` (purge_command.cpp, in the executable;
// purge_before in purge.cpp, in the core library): the operator erases residents' personal
// data older than a date (storage::audit_store::erase_before), in steps of its own transaction
// each, with a progress bar on a terminal and a summary; the erasure is recorded in the audit
// trail (who: "operator", when, how many rows), never what it erased.

#include <cstdint>
#include <functional>
#include <string>

#include "handlers/core/audit_types.hpp"
#include "storage/store.hpp"

namespace linli::bot {

// Erases what is older than `before_ms` (the start of `date`) in `steps` transactions, oldest
// first, calling `progress(step, steps)` after each, then records the erasure at `now_ms`.
// Returns the counts.
erasure_counts purge_before(storage::store& store, std::int64_t before_ms, const std::string& date,
                            std::int64_t now_ms, int steps,
                            const std::function<void(int, int)>& progress = {});

// argv[0] is "purge". Returns the process's exit code (2 for a usage error).
int purge_command(int argc, char** argv);

}  // namespace linli::bot
