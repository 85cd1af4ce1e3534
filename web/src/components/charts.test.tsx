import { MantineProvider } from "@mantine/core";
import { render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { alignSeries, LinePlot, ticks } from "./charts";

describe("charts", () => {
  it("puts ticks on round values, whole ones for epochs", () => {
    expect(ticks([3.55, 12.1])).toEqual([4, 6, 8, 10, 12]);
    expect(ticks([0, 1])).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(ticks([1, 3], 5, true)).toEqual([1, 2, 3]);
    expect(ticks([1, 2.5], 5, true)).toEqual([1, 2]);
    expect(ticks([2, 2], 5, true)).toEqual([2]);
  });

  it("puts series of one x in one row, and keeps a series' repeated x in order", () => {
    const epochs = alignSeries([
      { label: "valid", colour: "#000", points: [[1, 0.6], [2, 0.7]] },
      { label: "unique", colour: "#111", points: [[1, 0.6], [2, 0.65]], dashed: true },
    ]);
    expect(epochs).toEqual([[1, 2], [0.6, 0.7], [0.6, 0.65]]);
    // a ROC curve climbs at one false positive rate: each step is its own row
    const roc = alignSeries([
      { label: "fold", colour: "#000", points: [[0, 0], [0, 0.5], [0.5, 0.5], [1, 1]] },
      { label: "pooled", colour: "#111", points: [[0, 0], [0.25, 0.75], [1, 1]] },
    ]);
    expect(roc).toEqual([
      [0, 0, 0.25, 0.5, 1],
      [0, 0.5, null, 0.5, 1],
      [0, null, 0.75, null, 1],
    ]);
  });

  it("names the chart for assistive technology and offers its export", () => {
    render(
      <MantineProvider>
        <LinePlot title="loss per epoch" xLabel="epoch" yLabel="loss" xDomain={[1, 2]} domain={[0, 3]} markers integerX
          series={[{ label: "validation loss", colour: "#e8590c", points: [[1, 2.113]] }]} />
      </MantineProvider>,
    );
    expect(screen.getByRole("img", { name: "loss per epoch" })).toBeTruthy();
    expect(screen.getByRole("button", { name: "save loss per epoch as PNG" })).toBeTruthy();
  });
});
