// The contract's PostgreSQL backend: a schema of its own per test on the server that
// LINLI_TEST_PG_URL names (scripts/pg-cluster.sh starts one; scripts/test.sh always does), dropped
// when the test ends. Without the variable every PostgreSQL test fails, saying so.

#include <cstdlib>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include "storage/open.hpp"
#include "storage/postgres/pg_connection.hpp"
#include "tests/storage/contract/contract.hpp"

namespace linli::contract {
namespace {

std::string server_url() {
  const char* url = std::getenv("LINLI_TEST_PG_URL");
  if (url == nullptr || *url == '\0') {
    throw std::runtime_error(
        "LINLI_TEST_PG_URL is not set: the PostgreSQL contract tests need a server "
        "(eval \"$(scripts/pg-cluster.sh start)\", or run scripts/test.sh)");
  }
  return url;
}

// The URL with the schema first on the search path: every table the store creates and reads
// is the schema's.
std::string with_schema(const std::string& url, const std::string& schema) {
  return url + (url.find('?') == std::string::npos ? "?" : "&") + "options=-csearch_path%3D" +
         schema;
}

class postgres final : public backend {
 public:
  postgres() : url_(server_url()), admin_(url_, std::nullopt, "the test server") {}
  ~postgres() override {
    for (const auto& schema : schemas_) {
      try {
        admin_.exec("DROP SCHEMA " + schema + " CASCADE");
      } catch (const std::exception&) {
        // The server is gone: nothing left to drop.
      }
    }
  }

  std::unique_ptr<storage::store> make_store() override {
    std::random_device rd;
    const std::string schema = "contract_" + std::to_string(rd()) + "_" + std::to_string(rd());
    admin_.exec("CREATE SCHEMA " + schema);
    schemas_.push_back(schema);
    current_ = with_schema(url_, schema);
    // off: the contract is about what the store keeps, not about surviving power loss.
    return storage::open(current_, {.synchronous = storage::sync_mode::off});
  }
  std::unique_ptr<storage::store> connect(bool read_only) override {
    return storage::open(current_,
                         {.synchronous = storage::sync_mode::off, .read_only = read_only});
  }

 private:
  std::string url_;
  storage::postgres::connection admin_;
  std::vector<std::string> schemas_;
  std::string current_;
};

}  // namespace

std::unique_ptr<backend> postgres_backend() {
  return std::make_unique<postgres>();
}

}  // namespace linli::contract
