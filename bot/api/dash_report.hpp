#pragma once
// Report downloads: GET /v1/chats/{chat_id}/report?format=json|csv|xlsx (bearer token, for
// scripts) and GET /dash/api/chats/{chat_id}/report?format=... (the dashboard's session, for a
// chat it may see). The sections come from handlers/report/report_views.hpp; CSV carries one
// section (?section=, default requests), xlsx every section as a sheet of its own.

#include <string>
#include <vector>

#include "bot/api/routes.hpp"
#include "handlers/report/report_views.hpp"

namespace linli::bot {

class dash_auth;
class read_api;
class reader;

// An .xlsx workbook (libxlsxwriter): one sheet per section, header row bold, *_cents columns as
// yuan numbers in a money format, text that could run as a formula written with a leading '.
std::string to_xlsx(const std::vector<handlers::report_section>& sections);

class dash_report {
 public:
  dash_report(const read_api& reads, const dash_auth& auth, reader& queries)
      : reads_(reads), auth_(auth), queries_(queries) {}

  void api(const http_request&, const route_params&, const responder&) const;
  void dash(const http_request&, const route_params&, const responder&) const;

 private:
  const read_api& reads_;
  const dash_auth& auth_;
  reader& queries_;
};

}  // namespace linli::bot
