#pragma once
// A command's subcommands as a table (/task add|list|done…, /template save|use, /chain new|close…):
// the first word of ctx.args, folded (text::fold), picks an entry by any of its words, Chinese or
// English; the sender's role is checked against the entry's least role; the entry runs with the
// text after that word. Anything else goes to the table's fallback (its usage, or a default
// action such as "/task 明天" listing a day).
//
//   const subcommands table{"task",
//                           {{{"add", "新增", "添加"}, role::resident, task_add},
//                            {{"done", "完成"}, role::lead, task_done}},
//                           task_usage};
//   d.add({.name = "task", ..., .run = table});

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "handlers/core/dispatcher.hpp"

namespace linli::handlers {

// An entry's handler: `rest` is the original text after the subcommand's word, trimmed.
using subcommand_fn = std::function<replies(context& ctx, std::string_view rest)>;

struct subcommand {
  std::vector<std::string> words;  // folded forms; the first is its name ("add", then "新增"...)
  role need = role::resident;      // the least role that may use it
  subcommand_fn run;
};

// The first word of a text and what follows it: words end at white space (ASCII, the
// ideographic space U+3000, no-break space), as text::trim sees it.
struct first_word_split {
  std::string word;             // folded
  std::string_view as_written;  // the word in the original text
  std::string_view rest;        // the original text after it, trimmed
};
first_word_split first_word(std::string_view text);

class subcommands {
 public:
  // Says no to a sender below an entry's least role.
  using denied_fn = std::function<replies(context& ctx, const subcommand& entry)>;

  // `command` is the command's name without the slash ("task"), used by the default refusal.
  // `fallback` runs, with the whole of ctx.args, when the first word names no entry (or there is
  // no first word). `denied`, when given, replaces the default refusal (core.denied: "/task add
  // 只有协调员可以使用"). Throws std::logic_error on a word registered twice, a word that is not
  // in folded form, an empty or spaced word, an entry without words or a missing handler.
  subcommands(std::string command, std::vector<subcommand> entries, subcommand_fn fallback,
              denied_fn denied = {});

  // Runs the entry ctx.args names, or the fallback: a dispatcher command's handler_fn.
  replies operator()(context& ctx) const;

  // The entry a folded word names; nullptr if none.
  const subcommand* find(std::string_view folded_word) const;

  const std::string& command() const { return command_; }
  const std::vector<subcommand>& entries() const { return entries_; }

 private:
  std::string command_;
  std::vector<subcommand> entries_;
  subcommand_fn fallback_;
  denied_fn denied_;
};

}  // namespace linli::handlers
