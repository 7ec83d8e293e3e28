#pragma once
// The backend contract: every behaviour a store promises, written once against the storage
// interfaces, run against every backend. A contract test is written as
//
//   CONTRACT_TEST("what the store promises", "[inbox]") {
//     auto store = backend.make_store();
//     ...
//   }
//
// and becomes one Catch2 test case per backend, named "<backend>: what the store promises" and
// tagged [contract][<backend>] (CTest labels them by backend: tests/CMakeLists.txt). A backend
// plugs in with a factory (sqlite_backend.cpp, postgres_backend.cpp) and a test case in
// CONTRACT_TEST_ below.

#include <catch2/catch.hpp>

#include <memory>

#include "storage/store.hpp"

namespace linli::contract {

// What the contract needs of a backend: fresh databases and further connections to them.
class backend {
 public:
  virtual ~backend() = default;
  // A store on a new, empty database of its own.
  virtual std::unique_ptr<storage::store> make_store() = 0;
  // Another connection to the database the last make_store() made: a reader when read_only.
  virtual std::unique_ptr<storage::store> connect(bool read_only) = 0;
};

// One factory per backend.
std::unique_ptr<backend> sqlite_backend();
std::unique_ptr<backend> postgres_backend();  // the server LINLI_TEST_PG_URL names

}  // namespace linli::contract

#define LINLI_CONTRACT_CAT2(a, b) a##b
#define LINLI_CONTRACT_CAT(a, b) LINLI_CONTRACT_CAT2(a, b)
#define CONTRACT_TEST(name, tags) \
  CONTRACT_TEST_(LINLI_CONTRACT_CAT(linli_contract_body_, __LINE__), name, tags)
#define CONTRACT_TEST_(body, name, tags)                        \
  static void body(::linli::contract::backend& backend);        \
  TEST_CASE("sqlite: " name, "[contract][sqlite]" tags) {       \
    const auto factory = ::linli::contract::sqlite_backend();   \
    body(*factory);                                             \
  }                                                             \
  TEST_CASE("postgres: " name, "[contract][postgres]" tags) {   \
    const auto factory = ::linli::contract::postgres_backend(); \
    body(*factory);                                             \
  }                                                             \
  static void body([[maybe_unused]] ::linli::contract::backend& backend)
