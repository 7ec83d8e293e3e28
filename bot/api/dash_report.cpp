#include "bot/api/dash_report.hpp"

#include <unistd.h>
#include <xlsxwriter.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "bot/api/dash_auth.hpp"
#include "bot/api/dash_views.hpp"
#include "bot/api/read_api.hpp"
#include "bot/pipeline/reader.hpp"
#include "bot/platforms/common.hpp"

namespace linli::bot {
namespace {

using json = nlohmann::json;

enum class format { as_json, csv, xlsx };

format format_of(const http_request& request) {
  const std::string f = query_param(request.query(), "format").value_or("json");
  if (f == "json") return format::as_json;
  if (f == "csv") return format::csv;
  if (f == "xlsx") return format::xlsx;
  throw http_error(400, "'format' must be json, csv or xlsx");
}

// A temporary file of our own that is gone when this goes out of scope.
class temp_file {
 public:
  temp_file() {
    const char* dir = std::getenv("TMPDIR");
    path_ = std::string(dir && *dir ? dir : "/tmp") + "/linli-report-XXXXXX";
    const int fd = ::mkstemp(path_.data());
    if (fd < 0) throw std::runtime_error("cannot create a temporary file for the report");
    ::close(fd);
  }
  temp_file(const temp_file&) = delete;
  temp_file& operator=(const temp_file&) = delete;
  ~temp_file() { std::remove(path_.c_str()); }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

void write_cell(lxw_worksheet* sheet, lxw_row_t row, lxw_col_t col, const std::string& column,
                const json& value, lxw_format* money) {
  if (value.is_null()) return;
  if (value.is_number_integer() && column.ends_with("_cents")) {
    worksheet_write_number(sheet, row, col, static_cast<double>(value.get<std::int64_t>()) / 100.0,
                           money);
  } else if (value.is_number()) {
    worksheet_write_number(sheet, row, col, value.get<double>(), nullptr);
  } else if (value.is_boolean()) {
    worksheet_write_boolean(sheet, row, col, value.get<bool>() ? 1 : 0, nullptr);
  } else {
    std::string text = value.is_string() ? value.get<std::string>() : value.dump();
    if (handlers::formula_like(text)) text.insert(0, "'");
    worksheet_write_string(sheet, row, col, text.c_str(), nullptr);
  }
}

http_response answer(const chat_ref& chat, const std::vector<handlers::report_section>& sections,
                     format f, const std::string& section) {
  http_response r;
  if (f == format::as_json) r = platforms::json_answer(handlers::report_json(chat, sections));
  r.headers.emplace_back("Cache-Control", "no-store");
  if (f == format::as_json) return r;
  if (f == format::csv) {
    for (const auto& s : sections) {
      if (s.name != section) continue;
      r.content_type = "text/csv; charset=utf-8";
      r.body = handlers::to_csv(s.rows);
      r.headers.emplace_back("Content-Disposition",
                             "attachment; filename=\"report-" + section + ".csv\"");
      return r;
    }
    return error_response(
        400, "'section' must be requests, by_building, by_item, by_category or offers");
  }
  r.content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
  r.body = to_xlsx(sections);
  r.headers.emplace_back("Content-Disposition", "attachment; filename=\"report.xlsx\"");
  return r;
}

}  // namespace

std::string to_xlsx(const std::vector<handlers::report_section>& sections) {
  const temp_file file;
  lxw_workbook* book = workbook_new(file.path().c_str());
  if (!book) throw std::runtime_error("cannot start the xlsx workbook");
  lxw_format* bold = workbook_add_format(book);
  format_set_bold(bold);
  lxw_format* money = workbook_add_format(book);
  format_set_num_format(money, "\"¥\"#,##0.00");
  for (const auto& s : sections) {
    // Sheet names are at most 31 characters and unique; ours are short titles.
    lxw_worksheet* sheet = workbook_add_worksheet(book, s.title.c_str());
    if (!sheet) sheet = workbook_add_worksheet(book, s.name.c_str());
    for (std::size_t c = 0; c < s.rows.columns.size(); ++c) {
      worksheet_write_string(sheet, 0, static_cast<lxw_col_t>(c), s.rows.columns[c].c_str(), bold);
    }
    lxw_row_t row = 1;
    for (const json& r : s.rows.rows) {
      for (std::size_t c = 0; c < s.rows.columns.size(); ++c) {
        const std::string& column = s.rows.columns[c];
        write_cell(sheet, row, static_cast<lxw_col_t>(c), column, r.value(column, json(nullptr)),
                   money);
      }
      ++row;
    }
  }
  if (workbook_close(book) != LXW_NO_ERROR) throw std::runtime_error("cannot write the workbook");
  std::ifstream in(file.path(), std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

void dash_report::api(const http_request& request, const route_params& captured,
                      const responder& respond) const {
  reads_.require_token(request);
  const format f = format_of(request);
  const std::string section = query_param(request.query(), "section").value_or("requests");
  const chat_ref chat = dash_chat_of(request, captured);
  queries_.post(
      [respond, chat, f, section](storage::store& store) {
        auto sections = handlers::report_sections(store, chat);
        respond.later([chat, f, section, sections = std::move(sections)] {
          return answer(chat, sections, f, section);
        });
      },
      failure_answer(respond));
}

void dash_report::dash(const http_request& request, const route_params& captured,
                       const responder& respond) const {
  const format f = format_of(request);
  const std::string section = query_param(request.query(), "section").value_or("requests");
  const chat_ref chat = dash_chat_of(request, captured);
  auth_.with_session(
      request, respond, error_response(401, "not logged in"),
      [respond, chat, f, section](const dash_identity& who, storage::store& store) {
        if (!who.may_see(chat)) {
          respond(error_response(403, "this account may not see chat " + chat.chat_id));
          return;
        }
        auto sections = handlers::report_sections(store, chat);
        respond.later([chat, f, section, sections = std::move(sections)] {
          return answer(chat, sections, f, section);
        });
      });
}

}  // namespace linli::bot
