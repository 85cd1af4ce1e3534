import { render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { LinePlot } from "./charts";

describe("charts", () => {
  it("shows a single epoch as a point with its value", () => {
    render(<LinePlot title="loss per epoch" xLabel="epoch" yLabel="loss" xDomain={[1, 2]} domain={[0, 3]} markers
      series={[{ label: "validation loss", colour: "#e8590c", points: [[1, 2.113]] }]} />);
    const chart = screen.getByRole("img", { name: "loss per epoch" });
    const dots = chart.querySelectorAll("circle");
    expect(dots.length).toBe(1);
    expect(dots[0].textContent).toBe("validation loss: 2.113 at epoch 1");
  });
});
