#!/usr/bin/python3
"""make_crafted.py OUT_DIR: writes the crafted captures of tools/dissect/captures.

Real traffic never holds these packets, so they are built here byte by byte, each fault described
beside the bytes it changes (field layouts from RFC 791 for IPv4, RFC 826 for ARP, IEEE 802.3 for
Ethernet, and libpcap's LINKTYPE_LINUX_SLL / LINKTYPE_LINUX_SLL2 pages for the cooked headers).
The checksums are worked out here (RFC 1071) only to make the good packets good and the bad ones
bad on purpose; what a dissector should say about each packet comes from tshark's decode, which
craft.sh writes beside each capture.

Only the Python standard library is used (Debian package python3).
"""
import os
import struct
import sys
import zlib

CAM_MAC = bytes.fromhex("020000c43e01")  # the camera of labs 1 and 2 (locally administered)
PC_MAC = bytes.fromhex("001b213a4f10")  # the laptop (Intel OUI)
BROADCAST = b"\xff" * 6
CAM_IP = bytes([192, 168, 10, 42])
PC_IP = bytes([192, 168, 10, 20])
TIME = 1_700_000_000  # seconds since the epoch of the first record; one record per millisecond


def internet_checksum(data):
    """RFC 1071: the ones' complement of the ones' complement sum of the 16-bit words."""
    if len(data) % 2:
        data += b"\0"
    total = sum(struct.unpack(f"!{len(data) // 2}H", data))
    while total >> 16:
        total = (total & 0xFFFF) + (total >> 16)
    return ~total & 0xFFFF


def ipv4_header(total_length, *, ihl=5, version=4, options=b"", checksum=None, ident=0x1c46,
                protocol=1, ttl=64, source=PC_IP, destination=CAM_IP):
    """An IPv4 header (RFC 791). The checksum is computed unless one is given."""
    header = struct.pack("!BBHHHBBH4s4s", (version << 4) | ihl, 0, total_length, ident, 0x4000,
                         ttl, protocol, 0, source, destination) + options
    if checksum is None:
        checksum = internet_checksum(header)
    return header[:10] + struct.pack("!H", checksum) + header[12:]


def icmp_echo(payload_length=56):
    """An ICMP echo request (RFC 792) with ping's usual 56 bytes of data, checksum right."""
    data = bytes(range(payload_length))
    message = struct.pack("!BBHHH", 8, 0, 0, 0x0c1f, 1) + data
    return message[:2] + struct.pack("!H", internet_checksum(message)) + message[4:]


def ethernet(payload, *, ethertype=0x0800, source=PC_MAC, destination=CAM_MAC, pad=True):
    frame = destination + source + struct.pack("!H", ethertype) + payload
    if pad and len(frame) < 60:  # IEEE 802.3: zeros up to the 60-byte minimum (without FCS)
        frame += bytes(60 - len(frame))
    return frame


def arp(opcode=1, *, hardware_type=1, protocol_type=0x0800, hardware_size=6, protocol_size=4,
        sender_mac=PC_MAC, sender_ip=PC_IP, target_mac=bytes(6), target_ip=CAM_IP):
    """An ARP message (RFC 826); the addresses are as long as they are given."""
    return struct.pack("!HHBBH", hardware_type, protocol_type, hardware_size, protocol_size,
                       opcode) + sender_mac + sender_ip + target_mac + target_ip


def with_fcs(frame):
    """The frame followed by its FCS: CRC-32 of the frame, least significant byte first."""
    return frame + struct.pack("<I", zlib.crc32(frame))


def write_pcap(path, link_type, records):
    """A classic pcap file (microsecond timestamps). A record is bytes, or (bytes, wire_length)."""
    with open(path, "wb") as out:
        out.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, link_type))
        for i, record in enumerate(records):
            data, wire = record if isinstance(record, tuple) else (record, len(record))
            out.write(struct.pack("<IIII", TIME, i * 1000, len(data), wire))
            out.write(data)


ECHO = icmp_echo()
GOOD = ipv4_header(20 + len(ECHO)) + ECHO


def ipv4_faults():
    """Ethernet frames whose IPv4 header is wrong in one way (or two), each readable in part."""
    def patched(total_length=None, **fields):
        length = 20 + len(ECHO) if total_length is None else total_length
        return ipv4_header(length, **fields)

    return [
        # 1. A good echo request, for comparison.
        ethernet(GOOD),
        # 2. Header checksum 0x1234 where the RFC 1071 sum of the header says otherwise.
        ethernet(patched(checksum=0x1234) + ECHO),
        # 3. Total Length 1500, but the frame is 60 bytes (46 of them after the Ethernet header);
        #    the checksum is right for the header as it is.
        ethernet(patched(1500) + ECHO[:26]),
        # 4. Both: Total Length 1500 in a 60-byte frame, and a wrong checksum.
        ethernet(patched(1500, checksum=0xbeef) + ECHO[:26]),
        # 5. Total Length 12, less than the 20-byte header it belongs to (checksum right).
        ethernet(patched(12) + ECHO[:26]),
        # 6. IHL 15 (a 60-byte header) with only 46 bytes after the Ethernet header: the 20 fixed
        #    bytes are there, the options are cut short. Total Length 46 fits the frame.
        ethernet(patched(46, ihl=15) + bytes([1] * 26)),
        # 7. IHL 4: a 16-byte header, below the minimum of 20 (RFC 791: at least 5 words).
        ethernet(patched(ihl=4) + ECHO),
        # 8. Version 6 in a frame whose EtherType says IPv4.
        ethernet(patched(version=6) + ECHO),
        # 9. The frame ends after 16 bytes of the IPv4 header: the source address is there, the
        #    destination is not (a 30-byte frame, not padded).
        ethernet(GOOD[:16], pad=False),
        # 10. Only 8 bytes of IPv4 header: neither address.
        ethernet(GOOD[:8], pad=False),
        # 11. Four bytes of options (NOP NOP NOP EOL, IHL 6) and a wrong checksum.
        ethernet(patched(24 + len(ECHO), ihl=6, options=b"\x01\x01\x01\x00", checksum=0x0001)
                 + ECHO),
    ]


def arp_faults():
    """Ethernet frames carrying ARP messages that an Ethernet/IPv4 ARP parser must refuse."""
    return [
        # 1. A request cut after 20 of its 28 bytes: sender addresses there, target MAC cut.
        ethernet(arp()[:20], ethertype=0x0806, destination=BROADCAST, pad=False),
        # 2. Opcode 9: neither request (1) nor reply (2), so not what an Ethernet/IPv4 ARP parser
        #    takes (it is an Inverse ARP reply, RFC 2390, which tshark names).
        ethernet(arp(9), ethertype=0x0806, destination=BROADCAST),
        # 3. Hardware type 6 (IEEE 802 networks), sizes still 6 and 4.
        ethernet(arp(hardware_type=6), ethertype=0x0806, destination=BROADCAST),
        # 4. Protocol type IPv6 with 16-byte protocol addresses (not what IPv4's ARP carries).
        ethernet(arp(protocol_type=0x86dd, protocol_size=16, sender_ip=bytes(16),
                     target_ip=bytes(15) + b"\x01"), ethertype=0x0806, destination=BROADCAST),
    ]


def ethernet_faults():
    """Frames too short for their Ethernet header."""
    whole = ethernet(GOOD)
    tagged = BROADCAST + PC_MAC + bytes.fromhex("8100000a") + b"\x08\x06" + arp()
    return [
        whole[:10],  # 1. the destination and 4 bytes of the source
        whole[:13],  # 2. both addresses and 1 byte of the EtherType
        tagged[:16],  # 3. both addresses, an 802.1Q TPID and its TCI, no EtherType
    ]


def fcs_faults():
    """Frames that end with their FCS (read with --fcs; tshark with eth.fcs:Always)."""
    good = ethernet(GOOD)
    bad = with_fcs(good)
    bad = bad[:-4] + bytes([bad[-4] ^ 0xff]) + bad[-3:]  # one FCS byte flipped
    runt = ethernet(arp(), ethertype=0x0806, destination=BROADCAST, pad=False)  # 42 bytes
    return [with_fcs(good), bad, with_fcs(runt)]


def cooked(link_type, payload, *, protocol=0x0800, packet_type=0, hardware_type=1,
           address=PC_MAC, interface_index=2):
    """A Linux cooked header (LINKTYPE_LINUX_SLL: 16 bytes; LINKTYPE_LINUX_SLL2: 20 bytes)."""
    field = address[:8].ljust(8, b"\0")
    if link_type == 113:
        header = struct.pack("!HHH8sH", packet_type, hardware_type, len(address), field, protocol)
    else:
        header = struct.pack("!HHIHBB8s", protocol, 0, interface_index, hardware_type, packet_type,
                             len(address), field)
    return header + payload


def cooked_oddities(link_type):
    """Cooked records real `tcpdump -i any` captures rarely hold, and broken ones."""
    ipv4_in_ethernet = ethernet(GOOD)
    return [
        # 1. A record shorter than the cooked header (10 bytes).
        cooked(link_type, b"")[:10],
        # 2. IPv4 with a wrong header checksum, received from an Ethernet device.
        cooked(link_type, ipv4_header(20 + len(ECHO), checksum=0x1234) + ECHO),
        # 3. Total Length past the end of the record.
        cooked(link_type, ipv4_header(1500) + ECHO),
        # 4. A tun device (ARPHRD_NONE, 65534): no link-layer address at all.
        cooked(link_type, GOOD, hardware_type=65534, address=b"", packet_type=4),
        # 5. A GRE tunnel (ARPHRD_IPGRE, 778): the address is the tunnel's IPv4 address; the
        #    protocol is a GRE protocol type (0x0800 is IPv4 there too).
        cooked(link_type, GOOD, hardware_type=778, address=bytes([198, 51, 100, 1])),
        # 6. Linux protocol 0x0004: an 802.2 LLC frame (here a spanning-tree BPDU's LLC header).
        cooked(link_type, bytes.fromhex("424203") + bytes(35), protocol=0x0004, packet_type=2),
        # 7. Linux protocol 0x0003 (ETH_P_ALL): the whole Ethernet frame follows the header.
        cooked(link_type, ipv4_in_ethernet, protocol=0x0003),
        # 8. An address longer than the 8-byte field (InfiniBand's 20): only 8 bytes are kept.
        cooked(link_type, GOOD, hardware_type=32, address=bytes(range(1, 21))),
        # 9. An ARP request whose Ethernet padding Linux kept (a trailer after the 28 bytes).
        cooked(link_type, arp() + bytes(18), protocol=0x0806, packet_type=1),
    ]


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: make_crafted.py OUT_DIR")
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    write_pcap(os.path.join(out, "ipv4-faults.pcap"), 1, ipv4_faults())
    write_pcap(os.path.join(out, "arp-faults.pcap"), 1, arp_faults())
    write_pcap(os.path.join(out, "ethernet-faults.pcap"), 1, ethernet_faults())
    write_pcap(os.path.join(out, "with-fcs.pcap"), 1, fcs_faults())
    write_pcap(os.path.join(out, "cooked-oddities.pcap"), 113, cooked_oddities(113))
    write_pcap(os.path.join(out, "cooked2-oddities.pcap"), 276, cooked_oddities(276))


if __name__ == "__main__":
    main()
