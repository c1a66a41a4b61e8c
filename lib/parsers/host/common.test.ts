import { describe, expect, it } from "vitest";
import { cutRow, headerColumns } from "./column-table";
import { detectNotData, splitLines, toInt } from "@/lib/parsers/common";

describe("common helpers", () => {
  it("splits CRLF and LF text without inventing a last empty line", () => {
    expect(splitLines("a\r\nb\n")).toEqual(["a", "b"]);
    expect(splitLines("a\n\nb")).toEqual(["a", "", "b"]);
    expect(splitLines("")).toEqual([]);
  });

  it("classifies whole outputs that are not data, but not data with one error line", () => {
    expect(detectNotData(" \n\t\n")?.reason).toBe("empty");
    expect(detectNotData("bash: lsns: command not found\n")?.reason).toBe("command-not-found");
    expect(detectNotData("sh: 1: crictl: not found\n")?.reason).toBe("command-not-found");
    expect(detectNotData("cat: /proc/1/mountinfo: Permission denied\n")?.reason).toBe("permission-denied");
    expect(detectNotData("a = 1\nb = 2\nc = 3\nsysctl: permission denied on key 'x'\n")).toBeUndefined();
    expect(detectNotData("net.ipv4.ip_forward = 1\n")).toBeUndefined();
  });

  it("accepts only plain integers", () => {
    expect([toInt("42"), toInt("-1"), toInt("4.2"), toInt("0x10"), toInt(""), toInt("99999999999999999999")]).toEqual([42, -1, undefined, undefined, undefined, undefined]);
  });

  it("cuts right-aligned numbers and left-aligned text by header position", () => {
    const header = "        NS TYPE   NPROCS   PID USER COMMAND";
    const cols = headerColumns(header, new Set(["NS", "NPROCS", "PID"]));
    expect(cutRow("4026532290 net         0       root ", cols).cells).toEqual({ NS: "4026532290", TYPE: "net", NPROCS: "0", PID: "", USER: "root", COMMAND: "" });
    expect(cutRow("4026532247 net         1 13979 root sleep 5", cols).cells.COMMAND).toBe("sleep 5");
    const multi = headerColumns("CONTAINER ID   IMAGE", new Set(), ["CONTAINER ID"]);
    expect(multi.map((c) => c.name)).toEqual(["CONTAINER ID", "IMAGE"]);
  });
});
