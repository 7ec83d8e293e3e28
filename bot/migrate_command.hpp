#pragma once
// `linli migrate --from URL --to URL [--replace]`: copies a community's database into another
// (bot/migrate.hpp), with progress on a terminal and the verified counts and totals at the end.

namespace linli::bot {

// argv[0] is "migrate". Returns the process's exit code (2 for a usage error or a target that
// is not empty).
int migrate_command(int argc, char** argv);

}  // namespace linli::bot
