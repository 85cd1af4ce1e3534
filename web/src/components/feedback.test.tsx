import { MantineProvider } from "@mantine/core";
import { render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { Task } from "../api/types";
import { ErrorAlert, TaskProgress } from "./feedback";

const wrap = (ui: React.ReactNode) => render(<MantineProvider>{ui}</MantineProvider>);

describe("feedback", () => {
  it("shows a task's progress and its errors", () => {
    const task = {
      id: 1, status: "failure", cancel_requested: false,
      progress: { current: 40, total: 100, percent: 40, description: "processing molecules" },
      errors: [{ code: "rejected_record", message: "unparsable SMILES", item: "record 7" }],
    } as unknown as Task;
    wrap(<TaskProgress task={task} />);
    expect(screen.getByText("failure")).toBeTruthy();
    expect(screen.getByText(/processing molecules — 40 of 100/)).toBeTruthy();
    expect(screen.getByText("record 7: unparsable SMILES")).toBeTruthy();
  });

  it("shows error messages, and nothing without an error", () => {
    wrap(<ErrorAlert error={null} />);
    expect(screen.queryByRole("alert")).toBeNull();
    wrap(<ErrorAlert error={new Error("the name is taken")} />);
    expect(screen.getByRole("alert").textContent).toContain("the name is taken");
  });
});
