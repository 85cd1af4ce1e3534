import { Alert, Badge, Group, Loader, Progress, Stack, Text } from "@mantine/core";
import { modals } from "@mantine/modals";
import type { ReactNode } from "react";
import { ApiError } from "../api/client";
import type { Task } from "../api/types";

export function ErrorAlert({ error, title = "Something went wrong" }: { error: unknown; title?: string }) {
  if (!error) return null;
  const message = error instanceof Error ? error.message : String(error);
  return (
    <Alert color="red" title={title} role="alert">
      {message}
    </Alert>
  );
}

/** A loading spinner, the error, an empty-state text, or the content. */
export function Loading({ query, empty, children }: {
  query: { isLoading: boolean; error: unknown };
  empty?: ReactNode;
  children: ReactNode;
}) {
  if (query.isLoading) return <Group justify="center" p="lg"><Loader aria-label="loading" /></Group>;
  if (query.error) return <ErrorAlert error={query.error} />;
  return <>{empty ?? children}</>;
}

const STATUS_COLOURS: Record<string, string> = {
  pending: "gray", started: "blue", success: "green", failure: "red", cancelled: "orange",
  importing: "blue", updating: "blue", building: "blue", ready: "green", failed: "red",
};

export function StatusBadge({ status }: { status: string }) {
  // never cut to "R…" in a narrow table column; dark text on the pale colour reads at any hue
  return (
    <Badge color={STATUS_COLOURS[status] ?? "gray"} variant="light" c="dark.7" style={{ flexShrink: 0, minWidth: "max-content" }}>
      {status}
    </Badge>
  );
}

/** Live progress of a task, with its errors when it failed. */
export function TaskProgress({ task }: { task: Task | undefined }) {
  if (!task) return null;
  const { progress } = task;
  return (
    <Stack gap={4}>
      <Group gap="xs">
        <StatusBadge status={task.status} />
        {/* Where it is, or where it stopped; a finished task's last step says nothing more. */}
        {(task.status === "started" || task.status === "failure") && (
          <Text size="sm" c="dimmed">
            {progress.description}
            {progress.total ? ` — ${progress.current.toLocaleString()} of ${progress.total.toLocaleString()}` : ""}
          </Text>
        )}
      </Group>
      {task.status === "started" && (
        <Progress value={progress.percent ?? 100} animated={progress.percent == null} aria-label="task progress" />
      )}
      {task.errors.map((e, i) => (
        <Alert key={i} color="red" variant="light" p="xs">
          {e.item ? `${e.item}: ` : ""}{e.message}
        </Alert>
      ))}
    </Stack>
  );
}

/** Asks before deleting; nothing is deleted without a yes. */
export function confirmDelete(what: string, onConfirm: () => void) {
  modals.openConfirmModal({
    title: `Delete ${what}?`,
    children: <Text size="sm">This cannot be undone.</Text>,
    labels: { confirm: "Delete", cancel: "Cancel" },
    confirmProps: { color: "red" },
    onConfirm,
  });
}

/** Field errors of a failed request, for a form's inputs. */
export function fieldError(error: unknown, field: string): string | undefined {
  return error instanceof ApiError ? error.fieldErrors[field]?.join("; ") : undefined;
}
