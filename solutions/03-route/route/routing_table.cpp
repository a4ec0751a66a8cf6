#include "route/routing_table.hpp"

namespace camnet {

const char* to_string(RouteError error) {
  switch (error) {
    case RouteError::table_full:
      return "the routing table is full";
    case RouteError::not_found:
      return "no route for that prefix";
  }
  return "unknown routing table error";
}

}  // namespace camnet
