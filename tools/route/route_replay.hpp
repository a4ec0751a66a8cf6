// Replaying captures through a lab 3 Router (host only): `camnet route` and lab 3's capture tests.
//
// A ConfiguredRouter is a Router (and, for a `nat masquerade` line, a Nat hooked into it) built from
// a RouterConfig, each interface on a link that keeps what the router sends. replay() feeds it the
// frames of one or more captures, merged by timestamp: before each frame the router's clock is
// ticked by the time since the previous one, the frame is handed to the interface it was captured
// on, and route() runs. What the router sent in answer is kept per interface, stamped with the time
// of the frame that caused it, together with what the router's counters say it did.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "camnet/host/capture.hpp"
#include "route/nat.hpp"
#include "route/router.hpp"
#include "router_config.hpp"

namespace camnet::replay {

class CollectingLink;

// What the router sent on one interface, in order.
struct SentFrame {
  host::CaptureTime time{0};  // the capture time of the input frame that caused it
  std::size_t cause = 0;      // index of that frame in the replay's input (InputFrame)
  std::vector<std::uint8_t> bytes;
};

class ConfiguredRouter {
 public:
  // Builds the router. Throws ConfigError ("FILE:LINE: the router refused ...: reason") when the
  // router refuses a line the parser accepted (a student's add_interface or add_route failing).
  explicit ConfiguredRouter(const RouterConfig& config);
  ~ConfiguredRouter();
  ConfiguredRouter(const ConfiguredRouter&) = delete;
  ConfiguredRouter& operator=(const ConfiguredRouter&) = delete;

  Router& router() { return *router_; }
  const RouterConfig& config() const { return config_; }
  // The NAT of a `nat masquerade` line (nullptr without one), attached to the router.
  Nat* nat() { return nat_.get(); }
  std::size_t interface_count() const { return config_.interfaces.size(); }
  const std::string& name(std::size_t interface) const {
    return config_.interfaces[interface].name;
  }
  // The frames sent on `interface` since the last call.
  std::vector<std::vector<std::uint8_t>> take_sent(std::size_t interface);
  // The router's own addresses (the masks of the comparison need them).
  std::vector<Ipv4Address> addresses() const;

 private:
  RouterConfig config_;
  std::vector<std::unique_ptr<CollectingLink>> links_;
  std::vector<std::unique_ptr<Port>> ports_;
  std::unique_ptr<Router> router_;
  std::unique_ptr<Nat> nat_;
};

// One frame of the replay's input.
struct InputFrame {
  std::size_t interface = 0;  // where it arrives
  std::string file;           // the capture it came from
  std::uint64_t number = 0;   // its record number there (1 = the first)
  host::CaptureTime time{0};
  std::uint32_t wire_length = 0;
  std::vector<std::uint8_t> bytes;
};

// Reads every capture (interface index, path) and merges the frames by timestamp; frames with the
// same timestamp keep the order of `inputs`, then of the file. Throws host::CaptureError (one line
// naming the file, the record and the reason) for a broken or missing capture, and for a frame cut
// short by the capture's snap length (the router would see a different frame than Linux did).
std::vector<InputFrame> read_inputs(const std::vector<std::pair<std::size_t, std::string>>& inputs);

// What happened to one input frame.
struct ReplayStep {
  const InputFrame* input = nullptr;
  std::size_t index = 0;                                // in the input
  host::CaptureTime since_start{0};                     // after the first input frame
  std::vector<std::string> actions;                     // what the counters say, in words
  std::vector<std::pair<std::size_t, SentFrame>> sent;  // (interface, frame)
};

struct ReplayResult {
  std::vector<std::vector<SentFrame>> sent;  // per interface
  RouterCounters counters;
};

// Runs the router over `input`; `on_step` (if given) hears about every frame as it is handled.
ReplayResult replay(ConfiguredRouter& setup, const std::vector<InputFrame>& input,
                    const std::function<void(const ReplayStep&)>& on_step = {});

// What changed between two readings of the counters, in words: "forwarded", "dropped: no route,
// answered with ICMP destination unreachable (network unreachable)", "ARP reply sent", ...
std::vector<std::string> describe_changes(const RouterCounters& before,
                                          const RouterCounters& after);
std::vector<std::string> describe_changes(const InterfaceCounters& before,
                                          const InterfaceCounters& after);
std::vector<std::string> describe_changes(const NatCounters& before, const NatCounters& after);

}  // namespace camnet::replay
