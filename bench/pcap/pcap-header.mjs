// The 24-byte global header of a classic pcap file: little-endian, version 2.4, snaplen 256 KiB,
// link type 1 (Ethernet). Shared by the bench's capture writers.
export function pcapHeader() {
  const hdr = Buffer.alloc(24);
  hdr.writeUInt32LE(0xa1b2c3d4, 0);
  hdr.writeUInt16LE(2, 4);
  hdr.writeUInt16LE(4, 6);
  hdr.writeUInt32LE(262144, 16);
  hdr.writeUInt32LE(1, 20);
  return hdr;
}
