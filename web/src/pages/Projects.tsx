import { Anchor, Button, Card, Group, Modal, SimpleGrid, Stack, Text, Textarea, TextInput, Title } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { Link, useNavigate } from "react-router";
import { api } from "../api/client";
import type { NewProject, Paginated, Project } from "../api/types";
import { confirmDelete, ErrorAlert, fieldError, Loading } from "../components/feedback";
import { when } from "../lib/format";

export function ProjectsPage() {
  const client = useQueryClient();
  const navigate = useNavigate();
  const projects = useQuery({
    queryKey: ["projects"],
    queryFn: () => api.get<Paginated<Project>>("/api/projects?page_size=1000"),
  });
  const [opened, { open, close }] = useDisclosure(false);
  const [form, setForm] = useState({ name: "", description: "" });
  const create = useMutation({
    mutationFn: () => api.post<Project>("/api/projects", form satisfies NewProject),
    onSuccess: (p) => {
      client.invalidateQueries({ queryKey: ["projects"] });
      close();
      navigate(`/projects/${p.id}`);
    },
  });
  const remove = useMutation({
    mutationFn: (id: number) => api.delete(`/api/projects/${id}`),
    onSuccess: () => client.invalidateQueries({ queryKey: ["projects"] }),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate();
  };
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>Projects</Title>
        <Button onClick={open}>New project</Button>
      </Group>
      <ErrorAlert error={remove.error} />
      <Loading query={projects} empty={projects.data?.count === 0 ? <Text>No projects yet: create one to import compounds.</Text> : undefined}>
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }}>
          {projects.data?.results.map((p) => (
            <Card key={p.id} withBorder>
              <Anchor component={Link} to={`/projects/${p.id}`} fw={600}>{p.name}</Anchor>
              <Text size="sm" c="dimmed" lineClamp={2}>{p.description || "No description"}</Text>
              <Group justify="space-between" mt="sm">
                <Text size="xs" c="dimmed">updated {when(p.updated_at)}</Text>
                <Button size="xs" variant="subtle" color="red" onClick={() => confirmDelete(`the project ${p.name} and everything in it`, () => remove.mutate(p.id))}>
                  Delete
                </Button>
              </Group>
            </Card>
          ))}
        </SimpleGrid>
      </Loading>
      <Modal opened={opened} onClose={close} title="New project">
        <form onSubmit={submit}>
          <Stack>
            <TextInput label="Name" value={form.name} onChange={(e) => setForm({ ...form, name: e.currentTarget.value })} required data-autofocus error={fieldError(create.error, "name")} />
            <Textarea label="Description" value={form.description} onChange={(e) => setForm({ ...form, description: e.currentTarget.value })} />
            {create.error && !fieldError(create.error, "name") && <ErrorAlert error={create.error} />}
            <Button type="submit" loading={create.isPending}>Create</Button>
          </Stack>
        </form>
      </Modal>
    </Stack>
  );
}
