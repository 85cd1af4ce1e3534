import { useEffect } from "react";
import { useQuery, useQueryClient, type QueryClient } from "@tanstack/react-query";
import { api } from "../api/client";
import type { Paginated, Task } from "../api/types";

export const ACTIVE: Task["status"][] = ["pending", "started"];
export const isActive = (t: Pick<Task, "status"> | null | undefined) => !!t && ACTIVE.includes(t.status);

/** The list with `task` replacing its older version (or added in id order, newest first). */
export function upsertTask(list: Task[], task: Task): Task[] {
  const i = list.findIndex((t) => t.id === task.id);
  if (i >= 0) {
    // Events may arrive out of order: never go back to an older update.
    if (list[i].updated_at > task.updated_at) return list;
    const copy = list.slice();
    copy[i] = task;
    return copy;
  }
  return [task, ...list].sort((a, b) => b.id - a.id);
}

export const tasksKey = (projectId: number) => ["tasks", projectId] as const;
export const taskKey = (id: number) => ["task", id] as const;

/** Applies one task event to the cached task lists and to the objects it builds. */
export function applyTaskEvent(client: QueryClient, task: Task) {
  client.setQueryData<Paginated<Task>>(tasksKey(task.project_id), (old) =>
    old ? { ...old, results: upsertTask(old.results, task) } : old,
  );
  client.setQueryData(taskKey(task.id), task);
  // A training network stores each epoch's metrics as it goes: refetch them with every update.
  if (task.object_type === "generator_network") client.invalidateQueries({ queryKey: ["generators"] });
  if (!isActive(task)) {
    // A finished task changes the object it built: refetch whatever shows it.
    const byType: Record<string, string> = { compound_set: "compound-sets", qsar_model: "models", map: "maps" };
    const family = task.object_type ? byType[task.object_type] : undefined;
    if (family) client.invalidateQueries({ queryKey: [family] });
    if (task.kind === "qsar_predict") client.invalidateQueries({ queryKey: ["predictions"] });
    if (task.kind === "generator_evaluate") client.invalidateQueries({ queryKey: ["activity-sets"] });
  }
}

/** Keeps the project's tasks live over the server-sent events stream (no polling). */
export function useTaskEvents(projectId: number | undefined) {
  const client = useQueryClient();
  useEffect(() => {
    if (!projectId) return;
    const source = new EventSource(`/api/tasks/events?project_id=${projectId}`);
    source.addEventListener("task", (e) => applyTaskEvent(client, JSON.parse((e as MessageEvent).data) as Task));
    // Missed events, or a reconnect after a drop: reload the list once.
    const reload = () => client.invalidateQueries({ queryKey: tasksKey(projectId) });
    source.addEventListener("lagged", reload);
    source.addEventListener("open", reload);
    return () => source.close();
  }, [client, projectId]);
}

/** One task, kept live by the project's event stream. */
export function useTask(id: number | null | undefined) {
  return useQuery({
    queryKey: taskKey(id ?? 0),
    queryFn: () => api.get<Task>(`/api/tasks/${id}`),
    enabled: !!id,
    staleTime: Infinity,
  });
}
