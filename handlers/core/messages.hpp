#pragma once
// The message catalogue: every reply text, looked up by key in the chat's language, with named
// placeholders filled in. The texts are data, not code: each feature keeps them in
// handlers/<feature>/messages/<lang>.json (keys there are prefixed with the feature's folder name:
// "chains.closed"), embedded into the binary at build time (cmake/embed_messages.cmake). A third
// language is one new file per feature and one `language` value; no handler changes.
//
// A text's placeholders are written {name}; "{{" and "}}" stand for literal braces.

#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "storage/store.hpp"

namespace linli::handlers {

// One placeholder's value.
struct arg {
  std::string_view name;
  std::string value;
};

// The text of `key` in `lang` with its placeholders filled in. A key missing in `lang` falls back
// to Simplified Chinese; a key missing there is a programming error and throws std::logic_error
// (the catalogue test finds every such key before a release).
std::string message(storage::language lang, std::string_view key,
                    std::initializer_list<arg> args = {});

// The catalogue's code for a language ("zh", "en"): its file name.
std::string_view language_code(storage::language lang);

// What is wrong with the catalogue: files that are not flat JSON objects of strings, keys present
// in one language and not another, a translation using a placeholder its zh text lacks (callers
// fill the zh text's; a translation may leave one out). Empty when sound.
std::vector<std::string> catalogue_problems();

// Every key of the catalogue, sorted (for tests that check each key is used).
std::vector<std::string> catalogue_keys();

}  // namespace linli::handlers
