import { describe, expect, it } from "vitest";
import { formatDuration, silenceExplanation } from "./format-duration";

describe("formatDuration", () => {
  it("rounds down to minutes, hours, or days and hours", () => {
    expect(formatDuration(0)).toBe("0 min");
    expect(formatDuration(59 * 60_000 + 59_999)).toBe("59 min");
    expect(formatDuration(9 * 3_600_000 + 59 * 60_000)).toBe("9 h");
    expect(formatDuration(2 * 86_400_000)).toBe("2 d");
    expect(formatDuration(2 * 86_400_000 + 3 * 3_600_000)).toBe("2 d 3 h");
  });

  it("explains a silence", () => {
    expect(silenceExplanation(9 * 3_600_000, 5 * 3_600_000)).toBe("silent for 9 h; longest quiet spell in 14 days: 5 h");
  });
});
