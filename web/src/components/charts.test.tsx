import { render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { LinePlot, ticks } from "./charts";

describe("charts", () => {
  it("shows a single epoch as a point with its value", () => {
    render(<LinePlot title="loss per epoch" xLabel="epoch" yLabel="loss" xDomain={[1, 2]} domain={[0, 3]} markers
      series={[{ label: "validation loss", colour: "#e8590c", points: [[1, 2.113]] }]} />);
    const chart = screen.getByRole("img", { name: "loss per epoch" });
    const dots = chart.querySelectorAll("circle");
    expect(dots.length).toBe(1);
    expect(dots[0].textContent).toBe("validation loss: 2.113 at epoch 1");
  });

  it("puts ticks on round values, whole ones for epochs", () => {
    expect(ticks([3.55, 12.1])).toEqual([4, 6, 8, 10, 12]);
    expect(ticks([0, 1])).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(ticks([1, 3], 5, true)).toEqual([1, 2, 3]);
    expect(ticks([1, 2.5], 5, true)).toEqual([1, 2]);
    expect(ticks([2, 2], 5, true)).toEqual([2]);
    render(<LinePlot title="ratios per epoch" xLabel="epoch" yLabel="ratio" xDomain={[1, 3]} integerX
      series={[{ label: "valid", colour: "#000", points: [[1, 0.5], [2, 0.6], [3, 0.7]] }]} />);
    const labels = [...screen.getByRole("img", { name: "ratios per epoch" }).querySelectorAll("text")].map((t) => t.textContent);
    expect(labels).toContain("2");
    expect(labels.some((l) => /^\d+\.\d+$/.test(l ?? "") && Number(l) > 1)).toBe(false);
  });

  it("keeps a line visible under an equal dashed one", () => {
    render(<LinePlot title="ratios" xLabel="epoch" yLabel="ratio" xDomain={[1, 2]} markers integerX
      series={[
        { label: "valid", colour: "#2f9e44", points: [[1, 0.6], [2, 0.7]] },
        { label: "unique", colour: "#ae3ec9", points: [[1, 0.6], [2, 0.7]], dashed: true },
      ]} />);
    const chart = screen.getByRole("img", { name: "ratios" });
    const unique = [...chart.querySelectorAll("circle")].filter((c) => c.textContent?.startsWith("unique"));
    expect(unique.map((c) => c.getAttribute("fill"))).toEqual(["none", "none"]);
    expect(chart.querySelectorAll("polyline")[1].getAttribute("stroke-dasharray")).toBeTruthy();
  });
});
