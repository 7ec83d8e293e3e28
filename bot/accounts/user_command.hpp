#pragma once
// `linli user add|list|remove|passwd`: the operator manages coordinators' dashboard accounts
// directly in the database (the server need not run; SQLite's locking lets it while it does).

namespace linli::bot::accounts {

// argv[0] is "user". Returns the process's exit code (2 for a usage error).
int user_command(int argc, char** argv);

}  // namespace linli::bot::accounts
