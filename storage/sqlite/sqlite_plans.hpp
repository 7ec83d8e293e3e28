#pragma once
// Internal to storage/: the text of the queries whose plans tests/storage/sqlite/ checks with
// EXPLAIN QUERY PLAN (each must search an index, never scan a table or sort in a temporary
// b-tree). The constants are defined beside the queries, in the feature's file.

namespace linli::storage::sqlite::plans {

extern const char* const find_message;           // sqlite_inbox.cpp: a redelivery, by its id
extern const char* const find_message_by_id;     //   a reply's message, by the platform's id
extern const char* const insert_request;         // sqlite_requests.cpp: numbers as it inserts
extern const char* const newest_at_address;      // the duplicate check's two lookups
extern const char* const newest_from_requester;  //
extern const char* const newest_unaddressed_from_requester;
extern const char* const latest_chain;    // sqlite_chains.cpp
extern const char* const chain_entries;   //
extern const char* const insert_task;     // sqlite_tasks.cpp
extern const char* const claim_outbound;  // sqlite_outbox.cpp: a platform's due messages
extern const char* const renew_leases;    //
extern const char* const count_pending_outbound;

}  // namespace linli::storage::sqlite::plans
