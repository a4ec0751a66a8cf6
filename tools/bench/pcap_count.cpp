// bench_pcap_count: the anchor of the dissect benchmark (see README.md). It reads every record of
// a capture with libpcap and does nothing with it but count the records and add up their captured
// lengths, so its time is what reading the file costs: the fastest any libpcap-based tool can go.
//
//   bench_pcap_count FILE.pcap      prints: FRAMES frames, BYTES bytes captured
#include <pcap/pcap.h>

#include <cstdint>
#include <cstdio>

int main(int argc, char* argv[]) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: bench_pcap_count FILE.pcap\n");
    return 2;
  }
  char errbuf[PCAP_ERRBUF_SIZE] = {};
  pcap_t* handle = pcap_open_offline(argv[1], errbuf);
  if (handle == nullptr) {
    std::fprintf(stderr, "bench_pcap_count: %s: %s\n", argv[1], errbuf);
    return 1;
  }
  std::uint64_t frames = 0;
  std::uint64_t bytes = 0;
  pcap_pkthdr* header = nullptr;
  const u_char* data = nullptr;
  int status = 0;
  while ((status = pcap_next_ex(handle, &header, &data)) == 1) {
    ++frames;
    bytes += header->caplen;
  }
  if (status != PCAP_ERROR_BREAK) {  // PCAP_ERROR_BREAK: the end of the file
    std::fprintf(stderr, "bench_pcap_count: %s: record %llu: %s\n", argv[1],
                 static_cast<unsigned long long>(frames + 1), pcap_geterr(handle));
    pcap_close(handle);
    return 1;
  }
  pcap_close(handle);
  std::printf("%llu frames, %llu bytes captured\n", static_cast<unsigned long long>(frames),
              static_cast<unsigned long long>(bytes));
  return 0;
}
