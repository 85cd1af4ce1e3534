// The table of a project's tasks (title, progress, times, a cancel button), shown on the
// project's overview and its Tasks tab.
import { Button, Table, Text, Tooltip } from "@mantine/core";
import { useMutation } from "@tanstack/react-query";
import { Link } from "react-router";
import { api } from "../api/client";
import type { Task } from "../api/types";
import { duration, when } from "../lib/format";
import { isActive } from "../lib/tasks";
import { ErrorAlert, TaskProgress } from "./feedback";

/** For tasks submitted before tasks had titles. */
const KIND_LABELS: Record<string, string> = {
  compound_set_import: "Import compound set",
  qsar_build: "Build QSAR model",
  qsar_predict: "Predict activities",
  map_build: "Build map",
  map_transform: "Place a set on a map",
  generator_build: "Train generator",
  generator_sample: "Sample molecules",
};

const OBJECT_PATHS: Record<string, string> = {
  compound_set: "compound-sets", qsar_model: "models", map: "maps", generator_network: "generators/networks",
};

export const taskTitle = (t: Task) => t.title || KIND_LABELS[t.kind] || t.kind;

function objectLink(task: Task): string | null {
  const path = task.object_type ? OBJECT_PATHS[task.object_type] : undefined;
  return path && task.object_id ? `/projects/${task.project_id}/${path}/${task.object_id}` : null;
}

export function TaskTable({ tasks }: { tasks: Task[] }) {
  const cancel = useMutation({ mutationFn: (id: number) => api.post<Task>(`/api/tasks/${id}/cancel`) });
  return (
    <>
      <ErrorAlert error={cancel.error} title="Cannot cancel" />
      <Table striped aria-label="tasks">
        <Table.Thead>
          <Table.Tr><Table.Th>Task</Table.Th><Table.Th w="45%">Progress</Table.Th><Table.Th>Created</Table.Th><Table.Th>Duration</Table.Th><Table.Th /></Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {tasks.map((t) => {
            const link = objectLink(t);
            return (
              <Table.Tr key={t.id} data-testid={`task-${t.id}`}>
                <Table.Td>
                  {link ? <Link to={link}>{taskTitle(t)}</Link> : taskTitle(t)}
                  {/* Where it ran matters to whoever runs the servers: a detail on demand. */}
                  <Tooltip label={`${t.kind} · ${t.queue} queue${t.worker_name ? ` · ${t.worker_name}` : ""}`}>
                    <Text size="xs" c="dimmed" w="fit-content">task #{t.id}</Text>
                  </Tooltip>
                </Table.Td>
                <Table.Td><TaskProgress task={t} /></Table.Td>
                <Table.Td><Text size="sm">{when(t.created_at)}</Text></Table.Td>
                <Table.Td><Text size="sm">{duration(t.started_at, t.finished_at)}{isActive(t) && t.started_at ? " so far" : ""}</Text></Table.Td>
                <Table.Td>
                  {isActive(t) && (
                    <Button size="xs" variant="light" color="orange" disabled={t.cancel_requested}
                      loading={cancel.isPending && cancel.variables === t.id} onClick={() => cancel.mutate(t.id)}>
                      {t.cancel_requested ? "Cancelling" : "Cancel"}
                    </Button>
                  )}
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </>
  );
}
