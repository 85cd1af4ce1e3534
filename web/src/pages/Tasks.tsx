import { SegmentedControl, Stack, Text } from "@mantine/core";
import { useState } from "react";
import type { Task } from "../api/types";
import { Loading } from "../components/feedback";
import { TaskTable } from "../components/TaskTable";
import { isActive } from "../lib/tasks";
import { useProjectTasks } from "./Project";

const FILTERS = {
  all: (_: Task) => true,
  running: isActive,
  failed: (t: Task) => t.status === "failure",
  done: (t: Task) => t.status === "success" || t.status === "cancelled",
};

export function TasksPage() {
  const tasks = useProjectTasks();
  const [filter, setFilter] = useState<keyof typeof FILTERS>("all");
  const shown = tasks.data?.results.filter(FILTERS[filter]) ?? [];
  return (
    <Stack>
      <SegmentedControl value={filter} onChange={(v) => setFilter(v as keyof typeof FILTERS)} w={400}
        data={[{ value: "all", label: "All" }, { value: "running", label: "Running" }, { value: "failed", label: "Failed" }, { value: "done", label: "Done" }]} />
      <Loading query={tasks} empty={shown.length === 0 ? <Text size="sm">No tasks here.</Text> : undefined}>
        <TaskTable tasks={shown} />
      </Loading>
    </Stack>
  );
}
