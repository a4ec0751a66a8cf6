// How lab 3's types print when a check fails (see common/camnet/testing/printers.hpp).
//
// Every lab 3 test program gets this header (and those of labs 1 and 2) before its own code
// (cmake/CamnetLab.cmake).
#pragma once

#include <string>

#include <fmt/format.h>

#include "../../02-address/tests/printers.hpp"
#include "route/icmp.hpp"
#include "route/nat.hpp"
#include "route/router.hpp"
#include "route/routing_table.hpp"

namespace Catch {

template <>
struct StringMaker<camnet::RouteError> {
  static std::string convert(camnet::RouteError error) {
    return camnet::testing::enumerator("RouteError", error, {"table_full", "not_found"});
  }
};

template <>
struct StringMaker<camnet::IcmpError> {
  static std::string convert(camnet::IcmpError error) {
    return camnet::testing::enumerator("IcmpError", error,
                                       {"truncated", "bad_checksum", "no_room"});
  }
};

template <>
struct StringMaker<camnet::RouterError> {
  static std::string convert(camnet::RouterError error) {
    return camnet::testing::enumerator("RouterError", error,
                                       {"too_many_interfaces", "bad_mtu", "table_full"});
  }
};

template <>
struct StringMaker<camnet::NatVerdict> {
  static std::string convert(camnet::NatVerdict verdict) {
    return camnet::testing::enumerator(
        "NatVerdict", verdict,
        {"translated", "malformed", "fragment", "unsupported", "unsolicited", "table_full",
         "no_public_address", "not_for_public_address"});
  }
};

template <>
struct StringMaker<camnet::Route> {
  static std::string convert(const camnet::Route& r) {
    return fmt::format("{{ prefix {}, next_hop {}, interface {}, metric {} }}",
                       StringMaker<camnet::Ipv4Prefix>::convert(r.prefix),
                       StringMaker<camnet::Ipv4Address>::convert(r.next_hop), r.interface,
                       r.metric);
  }
};

template <>
struct StringMaker<camnet::IcmpHeader> {
  static std::string convert(const camnet::IcmpHeader& h) {
    return fmt::format("{{ type {}, code {}, rest {:#010x} }}", h.type, h.code, h.rest);
  }
};

template <>
struct StringMaker<camnet::NatMapping> {
  static std::string convert(const camnet::NatMapping& m) {
    return fmt::format(
        "{{ protocol {}, inside {}:{}, public_port {}, remote {}:{}, remaining {} }}", m.protocol,
        StringMaker<camnet::Ipv4Address>::convert(m.inside_address), m.inside_port, m.public_port,
        StringMaker<camnet::Ipv4Address>::convert(m.remote_address), m.remote_port, m.remaining);
  }
};

template <>
struct StringMaker<camnet::NatPortForward> {
  static std::string convert(const camnet::NatPortForward& f) {
    return fmt::format("{{ protocol {}, public_port {}, inside {}:{} }}", f.protocol, f.public_port,
                       StringMaker<camnet::Ipv4Address>::convert(f.inside_address), f.inside_port);
  }
};

}  // namespace Catch
