import { describe, expect, it } from "vitest";
import { DataKeyCache } from "./data-key-cache.ts";

describe("DataKeyCache", () => {
  const key = Buffer.alloc(32, 1);
  it("remembers a key for its time, then forgets it", () => {
    const cache = new DataKeyCache(1000, 10);
    cache.set("case:1", key, 0);
    expect(cache.get("case:1", 999)).toBe(key);
    expect(cache.get("case:1", 1000)).toBeUndefined();
  });
  it("forgets at once when told (an erased case), and drops the oldest when full", () => {
    const cache = new DataKeyCache(1000, 2);
    cache.set("case:1", key, 0);
    cache.delete("case:1");
    expect(cache.get("case:1", 1)).toBeUndefined();
    cache.set("case:1", key, 0);
    cache.set("case:2", key, 0);
    cache.set("case:3", key, 0);
    expect(cache.get("case:1", 1)).toBeUndefined();
    expect(cache.get("case:3", 1)).toBe(key);
    cache.clear();
    expect(cache.get("case:3", 1)).toBeUndefined();
  });
});
