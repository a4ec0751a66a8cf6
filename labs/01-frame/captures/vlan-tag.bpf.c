// SPDX-License-Identifier: GPL-2.0
//
// vlan-tag.bpf.c - tiny tc (clsact) eBPF programs used by record.sh to put
// IEEE 802.1Q / 802.1ad tags on real ping/ARP traffic between two network
// namespaces, and to take them off again on the receiving side.
//
// Why: the machine the fixtures were recorded on runs a kernel built without
// CONFIG_VLAN_8021Q, so `ip link add ... type vlan` (VLAN sub-interfaces) is
// not available, and neither are the tc "vlan" action or the flower
// classifier. bpf_skb_vlan_push()/bpf_skb_vlan_pop() are the same kernel
// helpers (skb_vlan_push/skb_vlan_pop) that the tc vlan action uses. A VLAN
// sub-interface on a veth also hands the tag to the veth as "hardware
// accelerated" metadata, so the frame on the wire has the same layout.
//
// Build (record.sh does this):  clang -O2 -target bpf -c vlan-tag.bpf.c -o vlan-tag.bpf.o
//
// Sections:
//   tc_vlan   egress: IPv4 or ARP for 10.10.0.0/24 -> 802.1Q tag VID 10, PCP 5
//                     IPv4 or ARP for 10.20.0.0/24 -> 802.1Q tag VID 20, PCP 0
//                     (chosen by IPv4 destination address / ARP target address;
//                     this stands in for the sub-interfaces eth0.10 with
//                     egress-qos-map 0:5 and eth0.20)
//   tc_qinq   egress: every frame gets an 802.1Q C-tag VID 20 (PCP 0), then an
//                     802.1ad S-tag VID 100 (PCP 0) outside it
//   tc_pop    ingress: remove up to two tags so the receiving IPv4 stack
//                     accepts the frame (a kernel without 8021q drops frames
//                     that still carry a non-zero VLAN ID)
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/pkt_cls.h>

#define SEC(name) __attribute__((section(name), used))

static long (*bpf_skb_vlan_push)(struct __sk_buff* skb, __u16 proto,
                                 __u16 tci) = (void*)BPF_FUNC_skb_vlan_push;
static long (*bpf_skb_vlan_pop)(struct __sk_buff* skb) = (void*)BPF_FUNC_skb_vlan_pop;
static long (*bpf_skb_load_bytes)(const struct __sk_buff* skb, __u32 off, void* to,
                                  __u32 len) = (void*)BPF_FUNC_skb_load_bytes;

#define TCI(pcp, dei, vid) ((__u16)(((pcp) << 13) | ((dei) << 12) | (vid)))

SEC("tc_vlan")
int vlan_egress(struct __sk_buff* skb) {
  __u8 ip[4];
  __u32 off;

  if (skb->protocol == __builtin_bswap16(ETH_P_IP))
    off = ETH_HLEN + 16; /* IPv4 destination address */
  else if (skb->protocol == __builtin_bswap16(ETH_P_ARP))
    off = ETH_HLEN + 24; /* ARP target protocol address */
  else
    return TC_ACT_OK;
  if (bpf_skb_load_bytes(skb, off, ip, sizeof(ip)) < 0)
    return TC_ACT_OK;
  if (ip[0] == 10 && ip[1] == 10 && ip[2] == 0)
    bpf_skb_vlan_push(skb, __builtin_bswap16(ETH_P_8021Q), TCI(5, 0, 10));
  else if (ip[0] == 10 && ip[1] == 20 && ip[2] == 0)
    bpf_skb_vlan_push(skb, __builtin_bswap16(ETH_P_8021Q), TCI(0, 0, 20));
  return TC_ACT_OK;
}

SEC("tc_qinq")
int qinq_egress(struct __sk_buff* skb) {
  /* The first push becomes the inner tag once the second one is pushed. */
  bpf_skb_vlan_push(skb, __builtin_bswap16(ETH_P_8021Q), TCI(0, 0, 20));
  bpf_skb_vlan_push(skb, __builtin_bswap16(ETH_P_8021AD), TCI(0, 0, 100));
  return TC_ACT_OK;
}

SEC("tc_pop")
int pop_ingress(struct __sk_buff* skb) {
  if (skb->vlan_present)
    bpf_skb_vlan_pop(skb);
  if (skb->vlan_present)
    bpf_skb_vlan_pop(skb);
  return TC_ACT_OK;
}

char _license[] SEC("license") = "GPL";
