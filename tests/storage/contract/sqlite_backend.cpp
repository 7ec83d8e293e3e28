// The contract's SQLite backend: a database file of its own per test, in a temporary directory.

#include <string>

#include "storage/open.hpp"
#include "tests/storage/contract/contract.hpp"
#include "tests/support.hpp"

namespace linli::contract {
namespace {

class sqlite final : public backend {
 public:
  std::unique_ptr<storage::store> make_store() override {
    path_ = dir_.file("contract-" + std::to_string(++made_) + ".db");
    // off: the contract is about what the store keeps, not about surviving power loss.
    return storage::open(path_, {.synchronous = storage::sync_mode::off});
  }
  std::unique_ptr<storage::store> connect(bool read_only) override {
    return storage::open(path_, {.synchronous = storage::sync_mode::off, .read_only = read_only});
  }

 private:
  testing::temp_dir dir_;
  std::string path_;
  int made_ = 0;
};

}  // namespace

std::unique_ptr<backend> sqlite_backend() {
  return std::make_unique<sqlite>();
}

}  // namespace linli::contract
