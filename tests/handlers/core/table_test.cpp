#include "handlers/core/table.hpp"

#include <catch2/catch.hpp>

using namespace linli::handlers;
using json = nlohmann::json;

TEST_CASE("a table becomes CSV with a byte order mark, a header line and CRLF", "[table]") {
  const table t{{"id", "name"},
                json::array({{{"id", 1}, {"name", "阿A"}}, {{"id", 2}, {"name", "阿B"}}})};
  CHECK(to_csv(t) == "\xEF\xBB\xBFid,name\r\n1,阿A\r\n2,阿B\r\n");
  CHECK(to_csv({{"id"}, json::array()}) == "\xEF\xBB\xBFid\r\n");
}

TEST_CASE("CSV fields are quoted as RFC 4180 asks", "[table]") {
  const table t{{"text"},
                json::array({{{"text", "a,b"}},
                             {{"text", "say \"hi\""}},
                             {{"text", "two\nlines"}},
                             {{"text", "cr\rhere"}},
                             {{"text", "plain 文字"}},
                             {{"text", ""}}})};
  CHECK(to_csv(t) ==
        "\xEF\xBB\xBFtext\r\n\"a,b\"\r\n\"say \"\"hi\"\"\"\r\n\"two\nlines\"\r\n"
        "\"cr\rhere\"\r\nplain 文字\r\n\r\n");
}

TEST_CASE("CSV cells: null and missing are empty, other values are JSON, columns in order",
          "[table]") {
  const table t{{"b", "missing", "a", "n", "flag", "list"},
                json::array({{{"a", nullptr},
                              {"b", -12},
                              {"n", 1.5},
                              {"flag", true},
                              {"list", json::array({1, 2})},
                              {"extra", "not a column"}}})};
  CHECK(to_csv(t) ==
        "\xEF\xBB\xBF"
        "b,missing,a,n,flag,list\r\n-12,,,1.5,true,\"[1,2]\"\r\n");
}

TEST_CASE("CSV text cells a spreadsheet would run as formulas are neutralised", "[table]") {
  const table t{{"a", "b", "c", "d", "e", "f", "g", "n"},
                json::array({{{"a", "=HYPERLINK(\"http://x\",\"y\")"},
                              {"b", "+1"},
                              {"c", "-2+3"},
                              {"d", "@SUM(A1)"},
                              {"e", "\tx"},
                              {"f", "\rx"},
                              {"g", "3号楼 = ok"},
                              {"n", -5}}})};
  CHECK(to_csv(t) ==
        "\xEF\xBB\xBF"
        "a,b,c,d,e,f,g,n\r\n"
        "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",\"'+1\",\"'-2+3\",\"'@SUM(A1)\",\"'\tx\","
        "\"'\rx\",3号楼 = ok,-5\r\n");
}
