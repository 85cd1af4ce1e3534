import { MantineProvider } from "@mantine/core";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { render, screen } from "@testing-library/react";
import { MemoryRouter } from "react-router";
import { describe, expect, it } from "vitest";
import type { Task } from "../api/types";
import { duration } from "../lib/format";
import { TaskTable } from "./TaskTable";

const task = (over: Partial<Task>): Task => ({
  id: 9, project_id: 1, kind: "generator_build", title: "Train generator 5-HT4 agent", queue: "gpu",
  object_type: "generator_network", object_id: 4, status: "success", cancel_requested: false, attempts: 1,
  progress: { current: 526, total: 750, percent: 70, description: "iteration" }, errors: [], result: null,
  worker_name: "worker-30670@vm", created_at: "2026-12-07T08:00:00Z", updated_at: "2026-12-07T08:02:05Z",
  started_at: "2026-12-07T08:00:01Z", finished_at: "2026-12-07T08:02:06Z", heartbeat_at: null,
  ...over,
} as Task);

function show(tasks: Task[]) {
  render(
    <MantineProvider>
      <QueryClientProvider client={new QueryClient()}>
        <MemoryRouter><TaskTable tasks={tasks} /></MemoryRouter>
      </QueryClientProvider>
    </MantineProvider>,
  );
}

describe("the task table", () => {
  it("titles tasks for people, links what they built and says how long they took", () => {
    show([task({})]);
    const title = screen.getByRole("link", { name: "Train generator 5-HT4 agent" });
    expect(title.getAttribute("href")).toBe("/projects/1/generators/networks/4");
    expect(screen.getByText("2 min 5 s")).toBeTruthy();
    const text = document.body.textContent ?? "";
    // A finished task does not still say where it was; the worker is a detail on demand.
    expect(text).not.toContain("526 of 750");
    expect(text).not.toContain("worker-30670@vm");
    expect(text).not.toContain("generator_build");
  });

  it("shows a running task's progress and a failed one's last step", () => {
    show([task({ id: 1, status: "started", finished_at: null }), task({ id: 2, status: "failure" })]);
    expect(screen.getAllByText(/iteration — 526 of 750/)).toHaveLength(2);
  });

  it("words durations as people say them", () => {
    expect(duration("2026-12-07T08:00:00Z", "2026-12-07T08:00:00.800Z")).toBe("0.8 s");
    expect(duration("2026-12-07T08:00:00Z", "2026-12-07T08:00:42Z")).toBe("42 s");
    expect(duration("2026-12-07T08:00:00Z", "2026-12-07T09:04:00Z")).toBe("1 h 4 min");
    expect(duration(null, null)).toBe("–");
  });
});
