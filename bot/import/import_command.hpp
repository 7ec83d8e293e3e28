#pragma once
// `linli import FILE --chat CHAT_ID --format FORMAT [--tz ZONE] [--dry-run] [--db URL]
// [--config FILE]`: brings a group's exported history into linli (see importer.hpp).

namespace linli::bot::imports {

// argv[0] is "import". Returns the process's exit code.
int import_command(int argc, char** argv);

}  // namespace linli::bot::imports
