#pragma once
// The commands every chat has from the start: /help, /ping, /lang.

namespace linli::handlers {

class dispatcher;

void add_core_commands(dispatcher& d);

}  // namespace linli::handlers
