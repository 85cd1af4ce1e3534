import { Anchor, Card, Group, SimpleGrid, Stack, Tabs, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { Link, Outlet, useLocation, useNavigate, useParams } from "react-router";
import { api } from "../api/client";
import type { Paginated, Project, Task } from "../api/types";
import { EditDetails } from "../components/EditDetails";
import { Loading } from "../components/feedback";
import { TaskTable } from "../components/TaskTable";
import { tasksKey, useTaskEvents } from "../lib/tasks";

export function useProjectId(): number {
  return Number(useParams().projectId);
}

export function useProject() {
  const id = useProjectId();
  return useQuery({ queryKey: ["project", id], queryFn: () => api.get<Project>(`/api/projects/${id}`) });
}

export function useProjectTasks() {
  const id = useProjectId();
  return useQuery({
    queryKey: tasksKey(id),
    queryFn: () => api.get<Paginated<Task>>(`/api/tasks?project_id=${id}&page_size=200`),
  });
}

const TABS = [
  ["overview", "Overview"],
  ["compound-sets", "Compound sets"],
  ["models", "QSAR models"],
  ["maps", "Maps"],
  ["generators", "Generators"],
  ["tasks", "Tasks"],
] as const;

export function ProjectLayout() {
  const id = useProjectId();
  const project = useProject();
  const navigate = useNavigate();
  const location = useLocation();
  useTaskEvents(id);
  const path = location.pathname.split(`/projects/${id}`)[1]?.split("/")[1] || "overview";
  // a molecule's page belongs to the compound sets
  const section = path === "molecules" ? "compound-sets" : path;
  const known = TABS.some(([p]) => p === section);
  return (
    <Loading query={project}>
      <Stack>
        <Group justify="space-between">
          <Title order={2}>{project.data?.name}</Title>
          {project.data && <EditDetails path={`/api/projects/${id}`} name={project.data.name} description={project.data.description} invalidate={["project", "projects"]} />}
        </Group>
        {/* every tab has its panel (assistive technology follows aria-controls); the page is in the active one */}
        <Tabs value={known ? section : null} onChange={(v) => navigate(`/projects/${id}/${v === "overview" ? "" : v}`)}>
          <Tabs.List>
            {TABS.map(([p, label]) => <Tabs.Tab key={p} value={p}>{label}</Tabs.Tab>)}
          </Tabs.List>
          {TABS.map(([p]) => <Tabs.Panel key={p} value={p} pt="md">{p === section && <Outlet />}</Tabs.Panel>)}
        </Tabs>
        {!known && <Outlet />}
      </Stack>
    </Loading>
  );
}

function useCount(path: string, family: string) {
  const id = useProjectId();
  return useQuery({
    queryKey: [family, id, "count", path],
    queryFn: () => api.get<Paginated<unknown>>(`${path}?project_id=${id}&page_size=1`).then((p) => p.count),
  });
}

export function ProjectOverview() {
  const id = useProjectId();
  const project = useProject();
  const tasks = useProjectTasks();
  const networks = useCount("/api/generators/networks", "generators");
  const agents = useCount("/api/generators/agents", "generators");
  const counts = [
    ["Compound sets", "compound-sets", useCount("/api/compound-sets", "compound-sets").data],
    ["QSAR models", "models", useCount("/api/qsar/models", "models").data],
    ["Maps", "maps", useCount("/api/maps", "maps").data],
    // As the generators page lists them: the project's networks and agents.
    ["Generators (networks and agents)", "generators",
      networks.data === undefined || agents.data === undefined ? undefined : networks.data + agents.data],
  ] as const;
  return (
    <Stack>
      <Text c="dimmed">{project.data?.description || "No description"}</Text>
      <SimpleGrid cols={4}>
        {counts.map(([label, path, count]) => (
          <Card withBorder key={path}>
            <Text size="xl" fw={700}>{count ?? "…"}</Text>
            <Anchor component={Link} to={`/projects/${id}/${path}`}>{label}</Anchor>
          </Card>
        ))}
      </SimpleGrid>
      <Title order={4}>Recent tasks</Title>
      <Loading query={tasks} empty={tasks.data?.count === 0 ? <Text size="sm">No tasks yet.</Text> : undefined}>
        <TaskTable tasks={tasks.data?.results.slice(0, 5) ?? []} />
      </Loading>
    </Stack>
  );
}
